"""Volunteers: coordinator pages, the volunteer's own pages (/volunteers/me/) and outreach campaigns."""

from django.urls import path

from volunteers.views import assignments, campaigns, coordinator, hours, mine, opportunities

app_name = "volunteers"
urlpatterns = [
    path("", coordinator.volunteer_list, name="list"),
    path("new/", coordinator.volunteer_edit, name="volunteer_create"),
    path("import/", coordinator.volunteer_import, name="volunteer_import"),
    path("<int:pk>/", coordinator.volunteer_detail, name="volunteer"),
    path("<int:pk>/edit/", coordinator.volunteer_edit, name="volunteer_edit"),
    path("<int:pk>/training/", coordinator.training_add, name="training_add"),
    path("hours/<int:pk>/approve/", coordinator.hours_approve, name="hours_approve"),
    path("vetting/", coordinator.vetting, name="vetting"),
    path("hours/", hours.report, name="hours_report"),
    path("hours/export.csv", hours.export, {"fmt": "csv"}, name="hours_csv"),
    path("hours/export.xlsx", hours.export, {"fmt": "xlsx"}, name="hours_xlsx"),
    path("opportunities/", coordinator.opportunity_list, name="opportunities"),
    path("opportunities/new/", coordinator.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", coordinator.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/invite/", coordinator.opportunity_invite, name="opportunity_invite"),
    path("opportunities/<int:pk>/edit/", opportunities.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/cancel/", opportunities.opportunity_cancel, name="opportunity_cancel"),
    path("outputs/", coordinator.outputs, name="outputs"),
    path("outputs/export.csv", coordinator.outputs_export, {"fmt": "csv"}, name="outputs_csv"),
    path("outputs/export.xlsx", coordinator.outputs_export, {"fmt": "xlsx"}, name="outputs_xlsx"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/import/", campaigns.campaign_import, name="campaign_import"),
    path("campaigns/<int:pk>/erase/", campaigns.campaign_erase, name="campaign_erase"),
    path("campaigns/<int:pk>/assign/", assignments.assign, name="campaign_assign"),
    path("campaigns/<int:pk>/people/", assignments.people, name="campaign_people"),
    path("campaigns/<int:pk>/targets/<int:target_pk>/", campaigns.target_outcome, name="target_outcome"),
    path("me/", mine.home, name="me"),
    path("me/invitations/<int:pk>/", mine.answer, name="answer"),
    path("me/shifts/<int:pk>/", mine.shift, name="shift"),
    path("me/shifts/<int:pk>/check-in/", mine.shift_check, {"action": "in"}, name="check_in"),
    path("me/shifts/<int:pk>/check-out/", mine.shift_check, {"action": "out"}, name="check_out"),
    path("me/shifts/<int:pk>/output/", mine.shift_output, name="shift_output"),
    path("me/hours/", mine.hours, name="hours"),
]
