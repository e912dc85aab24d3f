from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.unit_list, name="units"),
    path("new/", views.unit_create, name="unit_create"),
    path("units.csv", views.unit_csv, name="units_csv"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/remove/", views.post_remove, name="post_remove"),
    path("<slug:slug>/", views.unit_detail, name="unit"),
    path("<slug:slug>/edit/", views.unit_edit, name="unit_edit"),
    path("<slug:slug>/posts/new/", views.post_create, name="post_create"),
]
