"""Hours and recognition: approved hours per volunteer, home borough and programme (the kind of volunteering:
police support, mobile hub, specials, cadets, community), and long-service milestones.

Milestones: 50, 100, 250, 500 and 1,000 approved hours; 1, 5, 10 and 20 years since the volunteer started
(their `started_on`, else the day their record was added).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from volunteers import permissions
from volunteers.matching import years_before
from volunteers.models import HoursLog, Volunteer

HOURS_MILESTONES = (50, 100, 250, 500, 1000)
YEARS_MILESTONES = (1, 5, 10, 20)
ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=9, decimal_places=2))


@dataclass(frozen=True)
class Recognition:
    hours: Decimal
    years: int
    hours_reached: int | None  # the highest hours milestone reached
    years_reached: int | None
    next_hours: int | None  # the next hours milestone, and how many hours to go
    hours_to_go: Decimal | None
    next_years: int | None
    next_years_on: date | None

    @property
    def reached(self) -> list[str]:
        out = []
        if self.hours_reached:
            out.append(f"{self.hours_reached:,} hours")
        if self.years_reached:
            out.append(f"{self.years_reached} year{'s' if self.years_reached != 1 else ''} of service")
        return out


def started(volunteer: Volunteer) -> date:
    return volunteer.started_on or timezone.localtime(volunteer.created_at).date()


def years_between(start: date, today: date) -> int:
    return max(0, today.year - start.year - ((today.month, today.day) < (start.month, start.day)))


def recognition(hours: Decimal | int, start: date, today: date | None = None) -> Recognition:
    today = today or timezone.localdate()
    hours = Decimal(hours or 0)
    years = years_between(start, today)
    reached_h = max((m for m in HOURS_MILESTONES if hours >= m), default=None)
    reached_y = max((m for m in YEARS_MILESTONES if years >= m), default=None)
    next_h = next((m for m in HOURS_MILESTONES if hours < m), None)
    next_y = next((m for m in YEARS_MILESTONES if years < m), None)
    return Recognition(
        hours=hours,
        years=years,
        hours_reached=reached_h,
        years_reached=reached_y,
        next_hours=next_h,
        hours_to_go=(Decimal(next_h) - hours) if next_h else None,
        next_years=next_y,
        next_years_on=years_before(start, -next_y) if next_y else None,
    )


def for_volunteer(volunteer: Volunteer) -> Recognition:
    approved = volunteer.hours.filter(approved_at__isnull=False).aggregate(total=Sum("hours"))["total"]
    return recognition(approved or 0, started(volunteer))


def _approved(since: date | None, until: date) -> Q:
    condition = Q(hours__approved_at__isnull=False, hours__worked_on__lte=until)
    return condition & Q(hours__worked_on__gte=since) if since else condition


def per_volunteer(user: Any, since: date | None, until: date) -> QuerySet[Volunteer]:
    """The coordinator's volunteers with approved hours: in the period (`period`) and ever (`ever`), most first."""
    return (
        permissions.visible_volunteers(user)
        .annotate(
            period=Coalesce(Sum("hours__hours", filter=_approved(since, until)), ZERO),
            ever=Coalesce(Sum("hours__hours", filter=Q(hours__approved_at__isnull=False)), ZERO),
        )
        .filter(ever__gt=0)
        .select_related("home_borough")
        .order_by("-period", "-ever", "name", "pk")
    )


def _logs(user: Any, since: date | None, until: date) -> QuerySet[HoursLog]:
    qs = HoursLog.objects.filter(
        permissions.coordinated_boroughs_q(user, "volunteer__home_borough"),
        approved_at__isnull=False,
        worked_on__lte=until,
    )
    return qs.filter(worked_on__gte=since) if since else qs


def per_borough(user: Any, since: date | None, until: date) -> list[dict[str, Any]]:
    rows = (
        _logs(user, since, until)
        .values("volunteer__home_borough__name", "volunteer__home_borough__code")
        .annotate(hours=Sum("hours"), volunteers=Count("volunteer", distinct=True))
        .order_by("volunteer__home_borough__name")
    )
    return [
        {
            "name": r["volunteer__home_borough__name"],
            "code": r["volunteer__home_borough__code"],
            "hours": r["hours"],
            "volunteers": r["volunteers"],
        }
        for r in rows
    ]


def per_programme(user: Any, since: date | None, until: date) -> list[dict[str, Any]]:
    labels = dict(Volunteer.Kind.choices)
    rows = (
        _logs(user, since, until)
        .values("volunteer__kind")
        .annotate(hours=Sum("hours"), volunteers=Count("volunteer", distinct=True))
        .order_by("volunteer__kind")
    )
    return [
        {
            "name": str(labels.get(r["volunteer__kind"], r["volunteer__kind"])),
            "code": r["volunteer__kind"],
            "hours": r["hours"],
            "volunteers": r["volunteers"],
        }
        for r in rows
    ]


def volunteer_rows(volunteers: Iterable[Volunteer], today: date) -> list[dict[str, Any]]:
    """One line per volunteer with their milestones (for the page's current page, or the whole export)."""
    out = []
    for v in volunteers:
        r = recognition(v.ever, started(v), today)  # type: ignore[attr-defined]
        line = {"volunteer": v, "period": v.period, "ever": v.ever, "started": started(v), "recognition": r}  # type: ignore[attr-defined]
        out.append(line)
    return out
