from django.urls import path

from website import views

app_name = "website"
urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("boroughs/", views.borough_list, name="boroughs"),
    path("boroughs/<str:code>/", views.borough_detail, name="borough"),
    path("boroughs/<str:code>/feed.atom", views.borough_feed, name="borough_feed"),
    path("wards/<str:code>/", views.ward_detail, name="ward"),
    path("wards/<str:code>/feed.atom", views.ward_feed, name="ward_feed"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("open-data/", views.open_data, name="open_data"),
]
