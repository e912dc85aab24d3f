"""Consultations and surveys: public pages at /consultations/, staff pages under /consultations/staff/."""

from django.urls import path

from .views import public, results, staff

app_name = "consultations"
urlpatterns = [
    path("", public.consultation_list, name="list"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/new/", staff.create, name="create"),
    path("staff/<int:pk>/", staff.manage, name="manage"),
    path("staff/<int:pk>/edit/", staff.edit, name="edit"),
    path("staff/<int:pk>/close/", staff.close, name="close"),
    path("staff/<int:pk>/questions/", staff.builder, name="builder"),
    path("staff/<int:pk>/questions/<int:question_id>/", staff.question_edit, name="question_edit"),
    path("staff/<int:pk>/preview/", staff.preview, name="preview"),
    path("staff/<int:pk>/invitations/", results.invitations, name="invitations"),
    path("staff/<int:pk>/rates/", results.rates, name="rates"),
    path("staff/<int:pk>/analysis/", results.analysis, name="analysis"),
    path("staff/<int:pk>/themes/<int:question_id>/", results.themes, name="themes"),
    path("staff/<int:pk>/export.<str:fmt>", results.export, name="export"),
    path("<slug:slug>/", public.consultation_detail, name="detail"),
    path("<slug:slug>/answer/", public.answer, name="answer"),
    path("<slug:slug>/thanks/", public.thanks, name="thanks"),
]
