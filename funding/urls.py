"""Funding of borough engagement groups and partnership projects."""

from django.urls import path

from funding import applicant_views, reports, views

app_name = "funding"
urlpatterns = [
    path("", views.index, name="index"),
    path("groups/", applicant_views.mine, name="mine"),
    path("rounds/<int:pk>/apply/", applicant_views.apply, name="apply"),
    path("rounds/new/", views.round_edit, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/change/", views.round_edit, name="round_edit"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/decide/", views.decide, name="decide"),
    path("allocations/<int:pk>/claims/", views.add_claim, name="add_claim"),
    path("allocations/<int:pk>/claims/<int:claim_pk>/decide/", views.decide_claim, name="decide_claim"),
    path("allocations/<int:pk>/claims/<int:claim_pk>/receipt/", views.receipt, name="receipt"),
    path("allocations/<int:pk>/payments/", views.record_payment, name="record_payment"),
    path("allocations/<int:pk>/evaluation/", views.evaluate, name="evaluate"),
    path("spread/", reports.spread, name="spread"),
    path("spread/export.csv", reports.spread_export, {"fmt": "csv"}, name="spread_csv"),
    path("spread/export.xlsx", reports.spread_export, {"fmt": "xlsx"}, name="spread_xlsx"),
    path("ledger/", reports.ledger_page, name="ledger"),
    path("ledger/balances.csv", reports.ledger_export, {"fmt": "csv", "what": "balances"}, name="balances_csv"),
    path("ledger/balances.xlsx", reports.ledger_export, {"fmt": "xlsx", "what": "balances"}, name="balances_xlsx"),
    path("ledger/payments.csv", reports.ledger_export, {"fmt": "csv", "what": "payments"}, name="payments_csv"),
    path("ledger/payments.xlsx", reports.ledger_export, {"fmt": "xlsx", "what": "payments"}, name="payments_xlsx"),
    path("report/", reports.report, name="report"),
    path("report/export.csv", reports.report_export, {"fmt": "csv"}, name="report_csv"),
    path("report/export.xlsx", reports.report_export, {"fmt": "xlsx"}, name="report_xlsx"),
    path("report/export.pdf", reports.report_export, {"fmt": "pdf"}, name="report_pdf"),
]
