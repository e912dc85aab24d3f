from django.urls import path

from organisations import senior_officer_views, views

app_name = "organisations"
urlpatterns = [
    path("", views.unit_list, name="units"),
    path("new/", views.unit_create, name="unit_create"),
    path("units.csv", views.unit_csv, name="units_csv"),
    path("senior-officers/", senior_officer_views.senior_officer_list, name="senior_officers"),
    path("senior-officers/new/", senior_officer_views.senior_officer_create, name="senior_officer_create"),
    path("senior-officers/<int:pk>/edit/", senior_officer_views.senior_officer_edit, name="senior_officer_edit"),
    path("senior-officers/<int:pk>/remove/", senior_officer_views.senior_officer_remove, name="senior_officer_remove"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/remove/", views.post_remove, name="post_remove"),
    path("<slug:slug>/", views.unit_detail, name="unit"),
    path("<slug:slug>/edit/", views.unit_edit, name="unit_edit"),
    path("<slug:slug>/posts/new/", views.post_create, name="post_create"),
]
