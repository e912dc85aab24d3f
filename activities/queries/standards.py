"""Minimum standards: whether each borough met each, by which rule, and the quarterly baselines."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from activities.models import ActivityPlace, MinimumStandard, StandardBaseline
from activities.queries.base import K
from places import reference
from places.models import Borough


@dataclass
class StandardResult:
    """Whether a borough met a standard, by which rule, and the activities counted (the evidence)."""

    standard: MinimumStandard
    borough: Borough
    met: bool
    detail: str
    rule: str = ""
    evidence_ids: list[int] = field(default_factory=list)
    short_wards: list[str] = field(default_factory=list)
    wards_total: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def count(self) -> int:
        return len(self.evidence_ids)


def standard_rule(st: MinimumStandard) -> str:
    """The rule a standard applies, in words."""
    what = st.get_method_display().lower() if st.method else ("activity" if st.min_count == 1 else "activities")
    if st.method and st.min_count != 1:
        what += "s"
    community = f" for {st.community.name}" if st.community_id and st.community else ""
    where = "naming each ward of the borough" if st.level == MinimumStandard.Level.WARD else "in the borough"
    return (
        f"At least {st.min_count} {what}{community} {where} in the {st.period_days} days before; cancelled ones "
        "and London-wide ones do not count."
    )


def _standard_rows(st: MinimumStandard, since: datetime, until: datetime) -> QuerySet[ActivityPlace]:
    """The footprint rows of the occurrences in the period that a standard counts, read from the footprint alone:
    a cancelled activity has no footprint (`services.rebuild_footprint`), each row carries its activity's method,
    and an activity for a community has that community's row beside each of its occurrences."""
    rows = ActivityPlace.objects.filter(starts_at__gte=since, starts_at__lte=until)
    if st.method:
        rows = rows.filter(method=st.method)
    if st.community_id:
        for_community = ActivityPlace.objects.filter(
            community_id=st.community_id, starts_at__gte=since, starts_at__lte=until
        ).values("activity_id")
        rows = rows.filter(activity_id__in=for_community)
    return rows


def standard_result(st: MinimumStandard, borough: Borough, *, at: datetime | None = None) -> StandardResult:
    """One borough against one standard. Only activities in the borough count: a London-wide activity is
    not engagement *in* a borough; a ward-level standard counts only activities that name the ward."""
    return standard_results(st, [borough], at=at)[borough.pk]


def standard_results(
    st: MinimumStandard, boroughs: list[Borough], *, at: datetime | None = None
) -> dict[int, StandardResult]:
    """Each borough against one standard, by borough id: one read of the footprint for all of them (the wards are
    those held in memory, `places.reference`)."""
    until = at or timezone.now()
    since = until - timedelta(days=st.period_days)
    rows = _standard_rows(st, since, until)
    rule = standard_rule(st)
    ids = [b.pk for b in boroughs]
    out: dict[int, StandardResult] = {}
    if st.level == MinimumStandard.Level.BOROUGH:
        found: dict[int, set[int]] = defaultdict(set)
        pairs = rows.filter(kind__in=(K.WARD, K.BOROUGH), borough_id__in=ids).values_list("borough_id", "activity_id")
        for borough_id, activity_id in pairs.distinct():
            found[borough_id].add(activity_id)
        for borough in boroughs:
            counted = sorted(found.get(borough.pk, ()))
            met = len(counted) >= st.min_count
            detail = (
                f"{len(counted)} of {st.min_count} needed"
                if counted
                else f"None in the borough (0 of {st.min_count} needed)"
            )
            out[borough.pk] = StandardResult(st, borough, met, detail, rule, counted, since=since, until=until)
        return out
    per_ward: dict[int, set[int]] = defaultdict(set)
    triples = rows.filter(kind=K.WARD, borough_id__in=ids).values_list("ward_id", "activity_id")
    for ward_id, activity_id in triples.distinct():
        per_ward[ward_id].add(activity_id)
    for borough in boroughs:
        wards = reference.wards_of(borough)
        short = sorted(w.name for w in wards if len(per_ward.get(w.pk, ())) < st.min_count)
        counted = sorted({a for w in wards for a in per_ward.get(w.pk, ())})
        met = not short
        more = "…" if len(short) > 5 else ""
        detail = (
            f"All {len(wards)} wards"
            if met
            else f"{len(short)} of {len(wards)} wards short: {', '.join(short[:5])}{more}"
        )
        out[borough.pk] = StandardResult(st, borough, met, detail, rule, counted, short, len(wards), since, until)
    return out


def standards_report(boroughs: QuerySet[Borough], *, at: datetime | None = None) -> list[dict[str, Any]]:
    """For each borough, whether it meets each active minimum standard over the standard's period: one read of
    the footprint per standard, whatever the number of boroughs."""
    at = at or timezone.now()
    standards = list(MinimumStandard.objects.filter(is_active=True).select_related("community"))
    chosen = list(boroughs)
    found = {st.pk: standard_results(st, chosen, at=at) for st in standards}
    out = []
    for borough in chosen:
        results = [found[st.pk][borough.pk] for st in standards]
        out.append({"borough": borough, "results": results, "meets_all": all(r.met for r in results)})
    return out


def standard_trend(boroughs: QuerySet[Borough], *, quarters: int = 8) -> dict[tuple[int, int], list[StandardBaseline]]:
    """The recorded quarterly baselines of each (standard, borough), oldest first, the last `quarters` only."""
    out: dict[tuple[int, int], list[StandardBaseline]] = defaultdict(list)
    rows = StandardBaseline.objects.filter(borough__in=boroughs).order_by("quarter_start")
    for b in rows:
        out[(b.standard_id, b.borough_id)].append(b)
    return {k: v[-quarters:] for k, v in out.items()}


def money(value: Decimal | None) -> str:
    return "" if value is None else f"£{value:,.2f}"
