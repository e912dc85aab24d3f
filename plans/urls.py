from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.plan_create, name="create"),
    path("import/", views.import_plan, name="import"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.plan_edit, name="edit"),
    path("<slug:slug>/sections/new/", views.section_create, name="section_create"),
    path("<slug:slug>/actions/new/", views.action_create, name="action_create"),
    path("<slug:slug>/actions/<int:pk>/", views.action_detail, name="action"),
    path("<slug:slug>/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("<slug:slug>/actions/<int:pk>/progress/", views.progress_create, name="progress_create"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report.<str:fmt>", views.report_download, name="report_download"),
]
