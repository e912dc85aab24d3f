"""Community tension and critical incidents: restricted (OFFICIAL-SENSITIVE), staff and partners only."""

from django.urls import path

from tension.views import assessments, incidents, links

app_name = "tension"
urlpatterns = [
    path("", assessments.index, name="index"),
    path("assessments/new/", assessments.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", assessments.assessment, name="assessment"),
    path("assessments/<int:pk>/review/", assessments.assessment_review, name="assessment_review"),
    path("assessments/<int:pk>/publish/", assessments.assessment_publish, name="assessment_publish"),
    path("items/new/", assessments.item_create, name="item_create"),
    path("items/mine/", assessments.my_items, name="my_items"),
    path("assessments/<int:pk>/places/new/", links.area_level_create, name="area_level_create"),
    path("assessments/<int:pk>/places/<int:level_pk>/remove/", links.area_level_remove, name="area_level_remove"),
    path("items/<int:pk>/", links.item, name="item"),
    path("items/<int:pk>/response/", links.item_response, name="item_response"),
    path("london/", assessments.london, name="london"),
    path("london/export.csv", assessments.london_export, name="london_export"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incidents.incident, name="incident"),
    path("incidents/<int:pk>/impact/new/", incidents.cia_create, name="cia_create"),
    path("incidents/<int:pk>/advisers/new/", incidents.adviser_create, name="adviser_create"),
    path("incidents/<int:pk>/advice/new/", incidents.advice_create, name="advice_create"),
    path("incidents/<int:pk>/advice/<int:advice_pk>/decision/", incidents.advice_decision, name="advice_decision"),
    path("incidents/<int:pk>/timeline/new/", incidents.timeline_create, name="timeline_create"),
    path("incidents/<int:pk>/messages/", links.incident_messages, name="incident_messages"),
    path("incidents/<int:pk>/contacts/new/", links.kin_contact_create, name="kin_contact_create"),
    path("incidents/<int:pk>/debrief/", incidents.debrief, name="debrief"),
    path("incidents/<int:pk>/export.csv", incidents.incident_export, {"fmt": "csv"}, name="incident_csv"),
    path("incidents/<int:pk>/export.pdf", incidents.incident_export, {"fmt": "pdf"}, name="incident_pdf"),
]
