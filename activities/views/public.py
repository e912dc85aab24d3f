"""Public pages: one public activity, and iCalendar feeds per ward, borough and unit."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import queries
from languages import content


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the public is told about an activity: what, why, how results are used, when and where."""
    activity = get_object_or_404(
        queries.public_activities(with_cancelled=True)
        .select_related("organising_unit")
        .prefetch_related("wards", "boroughs"),
        pk=pk,
    )
    now = timezone.now()
    upcoming = [s for s in activity.occurrence_starts() if s + activity.duration >= now][:12]
    return render(
        request,
        "activities/public_detail.html",
        {
            "activity": activity,
            "upcoming": upcoming,
            "page_title": content.text(activity, "title"),
            "breadcrumbs": [(_("Home"), "/"), (content.marked(activity, "title"), None)],
        },
    )
