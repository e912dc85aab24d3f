"""Reads: the volunteers list, expiring vetting, the outputs report in the board update's words, the staff card."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from core.tally import CountOf
from languages import choices
from volunteers import permissions
from volunteers.models import HoursLog, Invitation, Opportunity, Output, Volunteer

VETTING_WARNING_DAYS = 60


def _account_language(volunteer: Volunteer) -> str:
    user = volunteer.user if volunteer.user_id else None
    chosen = str(getattr(user, "language", "") or "")
    return chosen if chosen in choices.BY_CODE else ""


def email_language(volunteer: Volunteer) -> str:
    """The language a volunteer's emails are written in: the one their account chose (User.language, set when
    they signed up or used the language switcher), else the one their coordinator recorded
    (`Volunteer.email_language`), else English."""
    return choices.site_language(_account_language(volunteer) or volunteer.email_language)


def email_language_in_words(volunteer: Volunteer) -> str:
    """The language of a volunteer's emails, and why, for their coordinator."""
    name = choices.BY_CODE[email_language(volunteer)].english
    return f"{name}, chosen in their account" if _account_language(volunteer) else name


def search_volunteers(
    qs: QuerySet[Volunteer], *, q: str = "", kind: str = "", borough: str = "", status: str = ""
) -> QuerySet[Volunteer]:
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(email__icontains=q))
    if kind in Volunteer.Kind.values:
        qs = qs.filter(kind=kind)
    if borough:
        qs = qs.filter(home_borough__code=borough)
    if status in Volunteer.Status.values:
        qs = qs.filter(status=status)
    return qs.select_related("home_borough")


def expiring_vetting(user: Any, today: date | None = None) -> QuerySet[Volunteer]:
    """Active vetted volunteers whose vetting runs out within 60 days (or has run out), soonest first."""
    today = today or timezone.localdate()
    return (
        permissions.visible_volunteers(user)
        .filter(
            status=Volunteer.Status.ACTIVE,
            vetting_level__gt=0,
            vetting_expires_on__lte=today + timedelta(days=VETTING_WARNING_DAYS),
        )
        .select_related("home_borough")
        .order_by("vetting_expires_on", "name")
    )


def places_taken(opportunity: Opportunity) -> int:
    return opportunity.invitations.filter(status=Invitation.Status.ACCEPTED).count()


@dataclass(frozen=True)
class OutputLine:
    kind: str
    label: str
    total: int
    boroughs: int

    @property
    def sentence(self) -> str:
        noun = self.label[0].lower() + self.label[1:]
        return f"{self.total:,} {noun} across {self.boroughs} borough{'s' if self.boroughs != 1 else ''}"


@dataclass(frozen=True)
class BoroughRow:
    name: str
    code: str
    counts: dict[str, int]


def outputs_in(user: Any, since: date, until: date) -> QuerySet[Output]:
    return Output.objects.filter(
        permissions.coordinated_boroughs_q(user, "borough"), recorded_on__gte=since, recorded_on__lte=until
    )


def output_summary(outputs: QuerySet[Output]) -> tuple[list[OutputLine], list[BoroughRow]]:
    """Totals by type ("39,455 leaflets delivered across 22 boroughs") and a row per borough."""
    labels = dict(Output.Kind.choices)
    lines = [
        OutputLine(r["kind"], str(labels[r["kind"]]), r["total"] or 0, r["boroughs"])
        for r in outputs.values("kind").annotate(total=Sum("count"), boroughs=Count("borough", distinct=True))
    ]
    lines.sort(key=lambda line: list(labels).index(line.kind))
    rows: dict[str, BoroughRow] = {}
    for r in outputs.values("borough__name", "borough__code", "kind").annotate(total=Sum("count")):
        row = rows.setdefault(r["borough__code"], BoroughRow(r["borough__name"], r["borough__code"], {}))
        row.counts[r["kind"]] = r["total"] or 0
    return lines, sorted(rows.values(), key=lambda row: row.name)


def chart(lines: list[OutputLine]) -> dict[str, Any] | None:
    """Horizontal bars, one per output type, scaled to the largest."""
    if not lines:
        return None
    largest = max(line.total for line in lines) or 1
    bars = [
        {"label": line.label, "total": line.total, "y": 10 + i * 34, "width": max(2, round(300 * line.total / largest))}
        for i, line in enumerate(lines)
    ]
    return {"bars": bars, "height": 20 + 34 * len(lines)}


def hours_totals(volunteer: Volunteer) -> dict[str, Any]:
    agg = volunteer.hours.aggregate(
        approved=Sum("hours", filter=Q(approved_at__isnull=False)),
        waiting=Sum("hours", filter=Q(approved_at__isnull=True)),
    )
    return {"approved": agg["approved"] or 0, "waiting": agg["waiting"] or 0}


def hours_waiting(user: Any) -> QuerySet[HoursLog]:
    return HoursLog.objects.filter(
        permissions.coordinated_boroughs_q(user, "volunteer__home_borough"), approved_at__isnull=True
    ).select_related("volunteer")


def workspace_card(request: Any) -> dict[str, Any] | None:
    """Vetting running out within 60 days and hours waiting for approval, for coordinators."""
    user = request.user
    if not permissions.can_coordinate(user):
        return None
    return {
        "expiring": CountOf(expiring_vetting(user)),
        "hours_waiting": CountOf(hours_waiting(user)),
    }


def hours_by_borough(user: Any, since: date, until: date) -> list[dict[str, Any]]:
    """Approved hours worked in the period, per home borough: hours and how many volunteers gave them."""
    rows = (
        HoursLog.objects.filter(
            permissions.coordinated_boroughs_q(user, "volunteer__home_borough"),
            approved_at__isnull=False,
            worked_on__gte=since,
            worked_on__lte=until,
        )
        .values("volunteer__home_borough__name")
        .annotate(hours=Sum("hours"), volunteers=Count("volunteer", distinct=True))
        .order_by("volunteer__home_borough__name")
    )
    return [dict(row) for row in rows]
