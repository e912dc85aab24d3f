"""Reads of tension information: the London summary, a borough's weeks, an incident's timeline.

These narrow nothing by themselves: callers pass only what `tension.permissions` lets the reader see.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from alerts.models import Message
from places import maps, reference
from places.models import Borough
from tension import scale
from tension.models import Assessment, Incident, Item, TimelineEntry


@dataclass
class SummaryRow:
    borough: Borough | None
    current: Assessment | None
    previous: Assessment | None
    items: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.borough.name if self.borough else "London"

    @property
    def level(self) -> int | None:
        return self.current.level if self.current else None

    @property
    def previous_level(self) -> int | None:
        return self.previous.level if self.previous else None

    @property
    def change(self) -> str:
        now, before = self.level, self.previous_level
        if now is None:
            return "no assessment published"
        if before is None:
            return "new this week"
        if now > before:
            return f"up from {scale.label(before)}"
        if now < before:
            return f"down from {scale.label(before)}"
        return "no change"

    @property
    def changed(self) -> bool:
        return self.level != self.previous_level

    @property
    def item_total(self) -> int:
        return sum(self.items.values())

    @property
    def tag_class(self) -> str:
        return scale.tag_class(self.level)


@dataclass
class Summary:
    week: date
    london: SummaryRow
    rows: list[SummaryRow]
    drafts: int

    @property
    def changes(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.changed and r.level is not None]

    @property
    def by_tier(self) -> list[tuple[str, int]]:
        counts = {tier: 0 for tier in scale.TIERS}
        for r in self.rows:
            if r.level is not None:
                counts[scale.tier(r.level)] += 1
        return [(tier, counts[tier]) for tier in scale.TIERS]

    @property
    def not_assessed(self) -> int:
        return sum(1 for r in self.rows if r.level is None)


def london_summary(week: date) -> Summary:
    """Every borough's published level for `week` beside the week before, with the items of the week: three
    queries, whatever the number of weeks and items held."""
    previous_week = week - timedelta(days=7)
    published = Assessment.objects.filter(
        week_starting__in=[week, previous_week], status=Assessment.Status.PUBLISHED
    ).only("pk", "borough_id", "week_starting", "level", "trend", "status", "published_at")
    current: dict[int | None, Assessment] = {}
    before: dict[int | None, Assessment] = {}
    for a in published:
        (current if a.week_starting == week else before)[a.borough_id] = a
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    for row in (
        Item.objects.filter(week_starting=week).values("borough_id", "category").annotate(n=Count("pk")).order_by()
    ):
        counts[row["borough_id"]][row["category"]] = row["n"]
    drafts = Assessment.objects.filter(week_starting=week, status=Assessment.Status.DRAFT).count()
    rows = [SummaryRow(b, current.get(b.pk), before.get(b.pk), counts.get(b.pk, {})) for b in reference.borough_list()]
    london = SummaryRow(None, current.get(None), before.get(None), counts.get(None, {}))
    return Summary(week, london, rows, drafts)


TIER_BANDS = [
    maps.Band(f"{scale.TIER_NORMAL} (levels 1 to 2)", scale.MIN_LEVEL),
    maps.Band(f"{scale.TIER_ELEVATED} (levels 3 to 4)", 3),
    maps.Band(f"{scale.TIER_CRITICAL} (levels 5 to 6)", 5),
]


def summary_map(summary: Summary, link: Any) -> maps.BoroughMap:
    """The boroughs shaded by tier (drawn from the shipped boundaries: no external tiles)."""
    return maps.borough_map(
        "tension-map",
        title=f"Tension level by borough, week of {summary.week:%-d %B %Y}",
        measure="tension tier",
        values={r.borough.code: float(r.level) for r in summary.rows if r.borough and r.level is not None},
        bands=TIER_BANDS,
        labels={
            r.borough.code: f"{scale.label(r.level)} ({scale.tier(r.level).lower()}), {r.change}"
            for r in summary.rows
            if r.borough and r.level is not None
        },
        link=link,
        missing="no assessment published",
    )


def borough_weeks(borough: Borough | None, *, exclude: int | None = None, limit: int = 12) -> list[Assessment]:
    found = Assessment.objects.filter(borough=borough)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.order_by("-week_starting")[:limit])


def items_of(assessment: Assessment) -> QuerySet[Item]:
    return (
        Item.objects.filter(borough=assessment.borough, week_starting=assessment.week_starting)
        .select_related("contributed_by", "contributor_unit")
        .prefetch_related("wards", "communities", "responses")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class Moment:
    at: datetime
    kind: str
    text: str
    link: str = ""


def _start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def _message_moment(m: Message) -> Moment:
    at = m.sent_at or m.scheduled_for or m.created_at
    state = "" if m.status == Message.Status.SENT else f" ({m.get_status_display().lower()})"
    return Moment(at, f"Message sent{state}", f"{m.get_kind_display()}: {m.subject}", m.get_absolute_url())


def timeline(incident: Incident) -> list[Moment]:
    """What happened, in order: entries recorded (reassurance patrols with their register activity), impact
    assessments, advice, messages sent, key individual network contacts and the items linked to it."""
    moments = [
        Moment(e.at, e.get_kind_display(), e.text, e.activity.get_absolute_url() if e.activity else "")
        for e in incident.timeline.select_related("activity")
    ]
    moments += [
        Moment(_start(c.assessed_on), "Community impact assessment", f"Level {scale.label(c.level)}: {c.impact}")
        for c in incident.impact_assessments.all()
    ]
    moments += [
        Moment(_start(a.given_on), "Advice", a.advice + (f" Decision: {a.decision}" if a.decision else ""))
        for a in incident.advice.all()
    ]
    moments += [_message_moment(m) for m in incident.messages.all()]
    moments += [
        Moment(k.at, f"Key individual contact ({k.get_how_display().lower()})", f"{k.who}: {k.summary}")
        for k in incident.kin_contacts.select_related("member", "network")
    ]
    moments += [
        Moment(i.created_at, f"Tension item ({i.get_category_display()})", i.text) for i in incident.items.all()
    ]
    return sorted(moments, key=lambda m: m.at)


def patrols(incident: Incident) -> list[TimelineEntry]:
    """Reassurance patrols recorded on the timeline, each a register activity."""
    return list(incident.timeline.filter(kind=TimelineEntry.Kind.PATROL).select_related("activity"))
