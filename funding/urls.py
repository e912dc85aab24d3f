"""Funding of borough engagement groups and partnership projects."""

from django.urls import path

from funding import reports, views

app_name = "funding"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_edit, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/change/", views.round_edit, name="round_edit"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/decide/", views.decide, name="decide"),
    path("allocations/<int:pk>/claims/", views.add_claim, name="add_claim"),
    path("allocations/<int:pk>/claims/<int:claim_pk>/decide/", views.decide_claim, name="decide_claim"),
    path("allocations/<int:pk>/claims/<int:claim_pk>/receipt/", views.receipt, name="receipt"),
    path("allocations/<int:pk>/evaluation/", views.evaluate, name="evaluate"),
    path("spread/", reports.spread, name="spread"),
    path("spread/export.csv", reports.spread_export, {"fmt": "csv"}, name="spread_csv"),
    path("spread/export.xlsx", reports.spread_export, {"fmt": "xlsx"}, name="spread_xlsx"),
    path("report/", reports.report, name="report"),
    path("report/export.csv", reports.report_export, {"fmt": "csv"}, name="report_csv"),
    path("report/export.xlsx", reports.report_export, {"fmt": "xlsx"}, name="report_xlsx"),
    path("report/export.pdf", reports.report_export, {"fmt": "pdf"}, name="report_pdf"),
]
