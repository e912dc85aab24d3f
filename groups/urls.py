"""Engagement groups."""

from django.urls import path

from groups.views import briefings, meetings, public, reports, staff

app_name = "groups"
urlpatterns = [
    path("", staff.group_list, name="list"),
    path("new/", staff.group_create, name="create"),
    path("reports/", reports.reports, name="reports"),
    path("<int:pk>/", staff.group_detail, name="detail"),
    path("<int:pk>/edit/", staff.group_edit, name="edit"),
    path("<int:pk>/members/new/", staff.member_add, name="member_add"),
    path("<int:pk>/representativeness/", reports.representativeness, name="representativeness"),
    path("<int:pk>/meetings/new/", meetings.schedule, name="meeting_schedule"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/actions/", meetings.meeting_action_add, name="meeting_action_add"),
    path("meetings/<int:pk>/papers/", meetings.meeting_paper_add, name="meeting_paper_add"),
    path("actions/<int:pk>/done/", meetings.meeting_action_done, name="meeting_action_done"),
    path("papers/<int:pk>/", meetings.paper_download, name="paper"),
    path("members/<int:pk>/", staff.member_edit, name="member_edit"),
    path("members/<int:pk>/delete/", staff.member_delete, name="member_delete"),
    path("members/<int:pk>/withdraw-equality/", staff.member_withdraw_equality, name="member_withdraw_equality"),
    path("members/<int:pk>/send-monitoring/", staff.member_send_monitoring, name="member_send_monitoring"),
    path("members/<int:pk>/briefings/", staff.member_record_briefing, name="member_record_briefing"),
    path("requests/<int:pk>/decide/", staff.request_decide, name="request_decide"),
    path("briefings/", briefings.briefing_list, name="briefings"),
    path("briefings/new/", briefings.briefing_create, name="briefing_create"),
    path("briefings/<int:pk>/", briefings.briefing_detail, name="briefing"),
    path("briefings/<int:pk>/upload/", briefings.briefing_upload, name="briefing_upload"),
    path("briefings/documents/<int:pk>/", briefings.briefing_document, name="briefing_document"),
    path("public/", public.public_list, name="public_list"),
    path("g/<slug:slug>/", public.public_detail, name="public_detail"),
    path("g/<slug:slug>/join/", public.join, name="join"),
    path("g/<slug:slug>/join/sent/", public.join_done, name="join_done"),
    path("monitoring/<str:token>/", public.monitoring, name="monitoring"),
]
