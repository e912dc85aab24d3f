from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/updates/add/", views.add_entry, name="add_entry"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/report/", views.report, name="report"),
]
