from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from activities import feeds as activity_feeds
from core import views as core_views
from engagehub.api import api, unknown_path
from policeuk.api import api as police_uk_api

admin.site.site_header = "Engagement Hub administration"
admin.site.site_title = "Engagement Hub"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/police-uk/", police_uk_api.urls),
    re_path(r"^api/", unknown_path, name="api_unknown"),  # any other /api/ address: a JSON 404, not a page
    path("staff/", include("workspace.urls")),
    path("organisations/", include("organisations.urls")),
    path("insight/", include("insight.urls")),
    path("language/", include("languages.urls")),
    path("tension/", include("tension.urls")),  # restricted: staff only, never in another language's address
    path("funding/", include("funding.urls")),
    # Calendar feeds of the engagement register, beside the ward and borough pages they belong to.
    path("wards/<str:code>/calendar.ics", activity_feeds.ward_calendar, name="ward_calendar"),
    path("boroughs/<str:code>/calendar.ics", activity_feeds.borough_calendar, name="borough_calendar"),
]
# Apps with public pages answer in every live language under a prefix (`/pl/wards/...`), English without one;
# their staff routes keep one unprefixed address (languages.middleware, languages.routes).
urlpatterns += i18n_patterns(
    # The ward, borough and home pages first: the most requested, resolved without trying every other app's.
    path("", include("website.urls")),
    # Signing in and one's account: the public's pages are in every language (staff ones, the second factor and
    # API tokens, stay at one unprefixed address: languages.routes).
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    # A volunteer's own pages (/volunteers/me/) are in every language; the coordinators' stay unprefixed.
    path("volunteers/", include("volunteers.urls")),
    path("activities/", include("activities.urls")),
    path("groups/", include("groups.urls")),
    path("equality/", include("equality.urls")),
    path("priorities/", include("priorities.urls")),
    path("feedback/", include("feedback.urls")),
    path("consultations/", include("consultations.urls")),
    path("alerts/", include("alerts.urls")),
    path("plans/", include("plans.urls")),
    path("practice/", include("practice.urls")),
    prefix_default_language=False,
)

# Uploaded files are private (meeting papers, briefings, consultation answers are served by views that check
# permission); only the public prefixes, such as team photographs, are served from /media/, and only when
# SERVE_MEDIA is on (the embedded default). A production web server serves the same prefixes and nothing else.
urlpatterns.insert(1, path("media/<path:path>", core_views.public_media, name="public_media"))

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
