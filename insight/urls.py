"""The board's view: confidence measures beside engagement."""

from django.urls import path

from insight import dashboard_views, views

app_name = "insight"
urlpatterns = [
    path("", views.index, name="index"),
    path("measures/<slug:key>/", views.measure, name="measure"),
    path("measures/<slug:key>/export.csv", views.measure_export, {"fmt": "csv"}, name="measure_csv"),
    path("measures/<slug:key>/export.xlsx", views.measure_export, {"fmt": "xlsx"}, name="measure_xlsx"),
    path("engagement/", views.engagement, name="engagement"),
    path("engagement/export.csv", views.engagement_export, {"fmt": "csv"}, name="engagement_csv"),
    path("engagement/export.xlsx", views.engagement_export, {"fmt": "xlsx"}, name="engagement_xlsx"),
    path("dashboards/board/", dashboard_views.board, name="dashboard_board"),
    path("dashboards/board/export.pdf", dashboard_views.board_pdf, name="dashboard_pdf"),
    path("dashboards/borough/", dashboard_views.borough, name="dashboard_borough"),
    path("dashboards/scrutiny/", dashboard_views.scrutiny, name="dashboard_scrutiny"),
    path("import/", views.import_view, name="import"),
    path("manage/", views.manage, name="manage"),
    path("manage/measures/new/", views.measure_edit, name="measure_create"),
    path("manage/measures/<slug:key>/", views.measure_edit, name="measure_edit"),
    path("manage/periods/new/", views.period_edit, name="period_create"),
    path("manage/periods/<int:pk>/", views.period_edit, name="period_edit"),
]
