"""iCalendar feeds of public activities per ward, borough and unit (RRULE for series, EXDATE for exceptions)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from activities.models import Activity, ActivityPlace
from activities.recurrence import RRULE
from organisations.models import Unit
from places.models import Borough, Ward

K = ActivityPlace.Kind
HORIZON_PAST = timedelta(days=90)


def _public_around_now() -> QuerySet[Activity]:
    since = timezone.now() - HORIZON_PAST
    return (
        Activity.objects.filter(is_public=True, consultation_pending=False)
        .exclude(status=Activity.Status.CANCELLED)
        .filter(Q(recurrence="", ends_at__gte=since) | Q(repeat_until__gte=since.date()))
    )


def build_calendar(name: str, activities: QuerySet[Activity], request: HttpRequest) -> HttpResponse:
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//Engagement Hub//Engagement register//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for a in activities.select_related("organising_unit").order_by("starts_at")[:1000]:
        event = Event()
        event.add("uid", f"activity-{a.pk}@{request.get_host()}")
        event.add("summary", a.title)
        event.add("dtstart", a.starts_at.astimezone(tz))
        event.add("dtend", a.ends_at.astimezone(tz))
        event.add("dtstamp", a.updated_at)
        event.add("last-modified", a.updated_at)
        description = a.purpose
        if a.use_of_results:
            description += f"\n\nHow the results will be used: {a.use_of_results}"
        description += f"\n\nOrganised by {a.organising_unit}."
        event.add("description", description)
        if a.venue:
            event.add("location", a.venue)
        event.add("url", request.build_absolute_uri(a.get_public_url()))
        event.add("status", "CONFIRMED" if a.status != Activity.Status.PLANNED else "TENTATIVE")
        if a.recurrence and a.repeat_until:
            parts = RRULE[a.recurrence]
            last = datetime.combine(a.repeat_until, datetime.max.time().replace(microsecond=0), tzinfo=tz)
            event.add(
                "rrule",
                vRecur(
                    freq=str(parts["freq"]).upper(), interval=parts["interval"], until=last.astimezone(ZoneInfo("UTC"))
                ),
            )
            local_start = a.starts_at.astimezone(tz)
            for d in a.exceptions():
                event.add("exdate", datetime.combine(d, local_start.time(), tzinfo=tz))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def _with_footprint(place: Q) -> QuerySet[Activity]:
    ids = ActivityPlace.objects.filter(place).values("activity_id")
    return _public_around_now().filter(pk__in=ids)


def ward_calendar(request: HttpRequest, code: str) -> HttpResponse:
    """Public activities in a ward, its borough as a whole and London as a whole."""
    ward = get_object_or_404(Ward.objects.select_related("borough"), code=code.upper())
    place = Q(ward_id=ward.pk) | Q(kind=K.BOROUGH, borough_id=ward.borough_id) | Q(kind=K.LONDON)
    return build_calendar(
        f"{ward.name} ({ward.borough.name}): meetings and engagement", _with_footprint(place), request
    )


def borough_calendar(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_object_or_404(Borough, code=code.upper())
    place = Q(kind__in=(K.WARD, K.BOROUGH), borough_id=borough.pk) | Q(kind=K.LONDON)
    return build_calendar(f"{borough.name}: meetings and engagement", _with_footprint(place), request)


def unit_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(Unit, slug=slug, is_active=True)
    return build_calendar(
        f"{unit}: meetings and engagement", _public_around_now().filter(organising_unit=unit), request
    )
