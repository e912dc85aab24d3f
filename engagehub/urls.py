from django.contrib import admin
from django.urls import include, path

from activities import feeds as activity_feeds
from core import views as core_views
from engagehub.api import api

admin.site.site_header = "Engagement Hub administration"
admin.site.site_title = "Engagement Hub"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("account/", include("accounts.urls")),
    path("staff/", include("workspace.urls")),
    path("organisations/", include("organisations.urls")),
    path("activities/", include("activities.urls")),
    path("groups/", include("groups.urls")),
    path("equality/", include("equality.urls")),
    path("priorities/", include("priorities.urls")),
    path("feedback/", include("feedback.urls")),
    path("consultations/", include("consultations.urls")),
    path("alerts/", include("alerts.urls")),
    path("plans/", include("plans.urls")),
    path("insight/", include("insight.urls")),
    path("funding/", include("funding.urls")),
    # Calendar feeds of the engagement register, beside the ward and borough pages they belong to.
    path("wards/<str:code>/calendar.ics", activity_feeds.ward_calendar, name="ward_calendar"),
    path("boroughs/<str:code>/calendar.ics", activity_feeds.borough_calendar, name="borough_calendar"),
    path("", include("website.urls")),
]

# Uploaded files are private (meeting papers, briefings, consultation answers are served by views that check
# permission); only the public prefixes, such as team photographs, are served from /media/, and only when
# SERVE_MEDIA is on (the embedded default). A production web server serves the same prefixes and nothing else.
urlpatterns.insert(1, path("media/<path:path>", core_views.public_media, name="public_media"))

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
