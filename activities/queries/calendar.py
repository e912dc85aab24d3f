"""Calendars and public lists: occurrences in a period, a borough's month, what is coming up in a place."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from activities import footprint_sql as sql
from activities.models import Activity, ActivityPlace
from activities.queries.base import LONG, PUBLIC_STATUSES, K, _day_start
from places.models import Borough, Ward


@dataclass
class Occurrence:
    activity: Activity  # its id, title, status and organising unit's names only (the calendar's cells)
    starts_at: datetime
    ends_at: datetime
    url: str = ""  # the activity's staff page


def occurrences(
    activities: QuerySet[Activity], start: datetime, end: datetime, *, place: Q | None = None, limit: int = 2000
) -> list[Occurrence]:
    """Occurrences starting in [start, end) of the given activities, in time order."""
    fp = ActivityPlace.objects.filter(starts_at__gte=start, starts_at__lt=end, activity__in=activities.values("pk"))
    if place is not None:
        fp = fp.filter(place)
    pairs = list(fp.values_list("activity_id", "starts_at", "ends_at").distinct().order_by("starts_at")[:limit])
    acts = (
        Activity.objects.select_related("organising_unit")
        .only("title", "status", "organising_unit__name", "organising_unit__short_name")
        .in_bulk({a for a, _, _ in pairs})
    )
    # A month of a busy borough holds hundreds of occurrences: each link is made from one reversed address.
    marker = 987654321
    url = reverse("activities:detail", args=[marker]).replace(str(marker), "{}")
    seen = set()
    out = []
    for activity_id, s, e in pairs:
        if (activity_id, s) in seen:
            continue
        seen.add((activity_id, s))
        out.append(Occurrence(acts[activity_id], s, e, url.format(activity_id)))
    return out


def borough_month(borough: Borough, year: int, month: int) -> list[tuple[int, datetime]]:
    """(activity id, start) of every occurrence touching a borough in a month (the calendar's read)."""
    start = _day_start(date(year, month, 1))
    end = _day_start(date(year + month // 12, month % 12 + 1, 1))
    places: list[sql.Part] = [
        ("kind = %s AND borough_id = %s", [K.WARD, borough.pk]),
        ("kind = %s AND borough_id = %s", [K.BOROUGH, borough.pk]),
        ("kind = %s", [K.LONDON]),
    ]
    when = ("starts_at >= %s AND starts_at < %s", [sql.dt(start), sql.dt(end)])
    found = sql.fetch(places, when, ("activity_id", "starts_at"), cap=1000000)
    pairs = {(a, sql.aware(s)) for a, s in found}
    return sorted(pairs, key=lambda p: (p[1], p[0]))


def _upcoming(places: list[sql.Part], limit: int) -> list[Activity]:
    """Public activities yet to happen in any of the places (footprint conditions), soonest first: two queries."""
    now = timezone.now()
    when: list[sql.Part] = [
        ("p.starts_at >= %s AND p.ends_at >= %s", [sql.dt(now - LONG), sql.dt(now)]),
        ("p.is_long AND p.ends_at >= %s", [sql.dt(now)]),
    ]
    statuses = [str(s) for s in PUBLIC_STATUSES]
    public = (f"a.is_public AND NOT a.consultation_pending AND {sql.in_list('a.status', statuses)[0]}", statuses)
    found = sql.soonest_activities(places, when, public, per_branch=limit * 20, limit=limit)
    acts = Activity.objects.select_related("organising_unit").in_bulk([a for a, _ in found])
    out = []
    for activity_id, start in found:
        a = acts[activity_id]
        a.next_start = start  # type: ignore[attr-defined]
        a.next_end = start + a.duration  # type: ignore[attr-defined]
        out.append(a)
    return out


def upcoming_public_for_ward(ward: Ward, *, limit: int = 10) -> list[Activity]:
    """Public activities in a ward (including borough-wide and London-wide ones) yet to happen, soonest first.

    Each has `next_start`/`next_end`: its next occurrence.
    """
    return _upcoming(
        [
            ("p.ward_id = %s", [ward.pk]),
            ("p.kind = %s AND p.borough_id = %s", [K.BOROUGH, ward.borough_id]),
            ("p.kind = %s", [K.LONDON]),
        ],
        limit,
    )


def upcoming_public_for_borough(borough: Borough, *, limit: int = 10) -> list[Activity]:
    return _upcoming(
        [
            ("p.kind = %s AND p.borough_id = %s", [K.WARD, borough.pk]),
            ("p.kind = %s AND p.borough_id = %s", [K.BOROUGH, borough.pk]),
            ("p.kind = %s", [K.LONDON]),
        ],
        limit,
    )
