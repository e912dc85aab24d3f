"""Engagement register."""

from django.urls import path

from activities import feeds
from activities.views import plan, public, staff

app_name = "activities"
urlpatterns = [
    path("<int:pk>/", staff.detail, name="detail"),
    path("<int:pk>/status/", staff.change_status, name="status"),
    path("<int:pk>/link/<int:other_pk>/", staff.link, name="link"),
    path("consultations/<int:pk>/answer/", staff.answer_consultation, name="answer_consultation"),
    path("public/<int:pk>/", public.public_detail, name="public"),
]

urlpatterns += [
    path("wards/<str:code>/calendar.ics", feeds.ward_calendar, name="ward_calendar"),
    path("boroughs/<str:code>/calendar.ics", feeds.borough_calendar, name="borough_calendar"),
    path("units/<slug:slug>/calendar.ics", feeds.unit_calendar, name="unit_calendar"),
]

urlpatterns += [
    path("new/", plan.create, name="create"),
    path("<int:pk>/edit/", plan.edit, name="edit"),
    path("check/", plan.check, name="check"),
]
