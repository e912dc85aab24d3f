"""Engagement register."""

from django.urls import path

from activities import feeds
from activities.views import admin, bulk, picture, plan, public, staff

app_name = "activities"
urlpatterns = [
    path("", picture.index, name="index"),
    path("export.csv", picture.export_csv, name="export"),
    path("export.xlsx", picture.export_xlsx, name="export_xlsx"),
    path("calendar/", picture.calendar_view, name="calendar"),
    path("boroughs/<str:code>/", picture.borough_counts, name="borough_counts"),
    path("fatigue/", picture.fatigue, name="fatigue"),
    path("never-asked/", picture.never_asked, name="never_asked"),
    path("clashes/", picture.unresolved_clashes, name="unresolved_clashes"),
    path("waiting/", picture.waiting, name="waiting"),
    path("new/", plan.create, name="create"),
    path("check/", plan.check, name="check"),
    path("import/", bulk.import_view, name="import"),
    path("<int:pk>/", staff.detail, name="detail"),
    path("<int:pk>/edit/", plan.edit, name="edit"),
    path("<int:pk>/status/", staff.change_status, name="status"),
    path("<int:pk>/link/<int:other_pk>/", staff.link, name="link"),
    path("consultations/<int:pk>/answer/", staff.answer_consultation, name="answer_consultation"),
    path("consultations/<int:pk>/resolve/", staff.resolve_consultation, name="resolve_consultation"),
    path("consultations/<int:pk>/overrule/", staff.overrule_consultation, name="overrule_consultation"),
    path("standards/", admin.standards, name="standards"),
    path("standards/new/", admin.standard_edit, name="standard_add"),
    path("standards/<int:pk>/<str:code>/", admin.standard_evidence, name="standard_evidence"),
    path("standards/<int:pk>/", admin.standard_edit, name="standard_edit"),
    path("fatigue/settings/", admin.fatigue_settings, name="fatigue_settings"),
    path("communities/", admin.communities, name="communities"),
    path("communities/new/", admin.community_edit, name="community_add"),
    path("communities/<int:pk>/", admin.community_edit, name="community_edit"),
    path("operations/", admin.operations, name="operations"),
    path("operations/new/", admin.operation_create, name="operation_add"),
    path("public/<int:pk>/", public.public_detail, name="public"),
    path("units/<slug:slug>/calendar.ics", feeds.unit_calendar, name="unit_calendar"),
]
