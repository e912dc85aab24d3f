from django.urls import path

from priorities.views import public, staff

app_name = "priorities"
urlpatterns = [
    path("raise/", public.raise_issue, name="raise"),
    path("raise/sent/<str:reference>/", public.raised, name="raised"),
    path("status/", public.status_lookup, name="status_lookup"),
    path("status/<str:token>/", public.issue_status, name="status"),
    path("wards/<str:code>/", public.ward_priorities, name="ward"),
    path("wards/<str:code>/panel/", public.panel, name="panel"),
    path("wards/<str:code>/panel/join/", public.panel_join, name="panel_join"),
    path("wards/<str:code>/panel/<int:round_id>/vote/", public.panel_vote, name="panel_vote"),
    path("staff/issues/", staff.issue_list, name="issue_list"),
    path("staff/issues/record/", staff.record_issue, name="record_issue"),
    path("staff/issues/<int:pk>/", staff.issue_detail, name="issue_detail"),
    path("staff/wards/", staff.my_wards, name="my_wards"),
    path("staff/wards/<str:code>/", staff.manage_ward, name="manage_ward"),
    path("staff/wards/<str:code>/vote/new/", staff.new_round, name="new_round"),
    path("staff/priorities/<int:pk>/review/", staff.review, name="review"),
    path("staff/proposals/<int:pk>/adopt/", staff.adopt, name="adopt"),
    path("staff/report/", staff.report, name="report"),
]
