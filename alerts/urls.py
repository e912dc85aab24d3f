"""Alerts: public subscription pages and staff messaging pages."""

from django.urls import path

from alerts.views import outbox, public, staff

app_name = "alerts"
urlpatterns = [
    path("subscribe/", public.subscribe, name="subscribe"),
    path("subscribe/check/<str:token>/", public.check, name="check"),
    path("confirm/<str:token>/", public.confirm_email, name="confirm_email"),
    path("manage/", public.manage_link_help, name="manage_link"),
    path("manage/<str:token>/", public.manage, name="manage"),
    path("manage/<str:token>/leave/", public.leave, name="leave"),
    path("manage/<str:token>/delete/", public.delete_data, name="delete_data"),
    path("u/<str:token>/", public.one_click_unsubscribe, name="one_click_unsubscribe"),
    path("m/<int:pk>/<str:token>/", public.message_page, name="message_public"),
    path("contact/", public.contact, name="contact"),
    path("hooks/sms/", public.inbound_sms, name="inbound_sms"),
    path("hooks/email-events/", public.provider_events, name="provider_events"),
    path("messages/", staff.message_list, name="message_list"),
    path("messages/new/", staff.message_edit, name="message_new"),
    path("messages/<int:pk>/", staff.message_detail, name="message_detail"),
    path("messages/<int:pk>/edit/", staff.message_edit, name="message_edit"),
    path("messages/<int:pk>/unschedule/", staff.message_unschedule, name="message_unschedule"),
    path("messages/<int:pk>/resend-unknown/", staff.message_resend_unknown, name="message_resend_unknown"),
    path("inbox/", staff.inbox, name="inbox"),
    path("questions/<int:pk>/", staff.question_detail, name="question"),
    path("reports/subscribers/", staff.area_report, name="area_report"),
    path("outbox/", outbox.sms_list, name="sms_outbox"),
    path("outbox/<int:pk>/resend/", outbox.sms_resend, name="sms_resend"),
]
