"""iCalendar feeds of public activities per ward, borough and unit (RFC 5545).

Times carry TZID=Europe/London with its VTIMEZONE, so a series keeps its local time across the clock change; RRULE for
series and EXDATE for the occurrences that do not take place; UIDs stable whatever host the feed is fetched from;
cancelled activities stay in the feed as STATUS:CANCELLED, and SEQUENCE grows with each change of time or status.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from activities.models import Activity, ActivityPlace
from activities.recurrence import RRULE
from core.identifiers import calendar_uid
from organisations.models import Unit
from places.models import Borough, Ward

K = ActivityPlace.Kind
HORIZON_PAST = timedelta(days=90)


def _public_around_now() -> QuerySet[Activity]:
    """Public activities from the last 90 days on, cancelled ones included (calendars must hear of a cancellation)."""
    since = timezone.now() - HORIZON_PAST
    return Activity.objects.filter(is_public=True, consultation_pending=False).filter(
        Q(recurrence="", ends_at__gte=since) | Q(repeat_until__gte=since.date())
    )


def london_timezone() -> Timezone:
    """Europe/London as calendars expect it: the rules in force since 1996 as yearly RRULEs (clocks forward at
    01:00 UTC on the last Sunday of March, back at 01:00 UTC on the last Sunday of October). The RDATE-list form
    some libraries generate is misread by common parsers, which then put a series an hour out after the change."""
    tz = Timezone()
    tz.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("dtstart", datetime(1996, 3, 31, 1, 0))  # noqa: DTZ001 - local time, as RFC 5545 wants here
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))  # noqa: DTZ001 - local time, as RFC 5545 wants here
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _status(activity: Activity) -> str:
    if activity.status == Activity.Status.CANCELLED:
        return "CANCELLED"
    return "TENTATIVE" if activity.status == Activity.Status.PLANNED else "CONFIRMED"


def build_calendar(name: str, activities: QuerySet[Activity], request: HttpRequest) -> HttpResponse:
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//Engagement Hub//Engagement register//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    if settings.TIME_ZONE == "Europe/London":
        cal.add_component(london_timezone())
    for a in activities.select_related("organising_unit").order_by("starts_at")[:1000]:
        event = Event()
        event.add("uid", calendar_uid(f"activity-{a.pk}"))
        event.add("sequence", a.sequence)
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
        event.add("status", _status(a))
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
    cal.add_missing_timezones()  # only when TIME_ZONE is not London's
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def _in_place(footprint: Q, cancelled: Q) -> QuerySet[Activity]:
    """Activities whose footprint meets the place; a cancelled one has no footprint, so its own places are read."""
    ids = ActivityPlace.objects.filter(footprint).values("activity_id")
    cancelled_ids = Activity.objects.filter(cancelled, status=Activity.Status.CANCELLED).values("pk")
    return _public_around_now().filter(Q(pk__in=ids) | Q(pk__in=cancelled_ids))


def ward_calendar(request: HttpRequest, code: str) -> HttpResponse:
    """Public activities in a ward, its borough as a whole and London as a whole."""
    ward = get_object_or_404(Ward.objects.select_related("borough"), code=code.upper())
    place = Q(ward_id=ward.pk) | Q(kind=K.BOROUGH, borough_id=ward.borough_id) | Q(kind=K.LONDON)
    own = Q(wards=ward) | Q(boroughs=ward.borough_id) | Q(london_wide=True)
    return build_calendar(f"{ward.name} ({ward.borough.name}): meetings and engagement", _in_place(place, own), request)


def borough_calendar(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_object_or_404(Borough, code=code.upper())
    place = Q(kind__in=(K.WARD, K.BOROUGH), borough_id=borough.pk) | Q(kind=K.LONDON)
    own = Q(wards__borough=borough.pk) | Q(boroughs=borough.pk) | Q(london_wide=True)
    return build_calendar(f"{borough.name}: meetings and engagement", _in_place(place, own), request)


def unit_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(Unit, slug=slug, is_active=True)
    return build_calendar(
        f"{unit}: meetings and engagement", _public_around_now().filter(organising_unit=unit), request
    )
