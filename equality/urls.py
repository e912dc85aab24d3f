"""Equality monitoring."""

from django.urls import path

from equality import views

app_name = "equality"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
]
