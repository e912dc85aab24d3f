"""Who is engaged and who is never asked: the wards and communities nothing has reached in months."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.utils import timezone

from activities.models import ActivityPlace, CommunityOfInterest
from activities.queries.base import ASKS_OF_COMMUNITY, ASKS_OF_PUBLIC, K, _day_start
from core import registry
from core.registry import Reached, note_latest
from places import reference
from places.models import Borough, CensusFigure, Ward

NEVER_ASKED_DAYS = {3: 91, 6: 182, 12: 365}
LAST_ENGAGED_KEY = "activities:last-engaged"


def activities_reached(since: datetime, until: datetime) -> Reached:
    """Wards, boroughs and communities an activity asked something of in a period (group meetings included:
    they are activities), each with the last time."""
    base = ActivityPlace.objects.filter(starts_at__gte=since, starts_at__lt=until)
    public = base.filter(audience__in=ASKS_OF_PUBLIC)
    wards = dict(
        public.filter(kind=K.WARD).values("ward_id").annotate(last=Max("starts_at")).values_list("ward_id", "last")
    )
    boroughs = dict(
        public.filter(kind=K.BOROUGH)
        .values("borough_id")
        .annotate(last=Max("starts_at"))
        .values_list("borough_id", "last")
    )
    communities = dict(
        base.filter(kind=K.COMMUNITY, audience__in=ASKS_OF_COMMUNITY)
        .values("community_id")
        .annotate(last=Max("starts_at"))
        .values_list("community_id", "last")
    )
    return Reached(wards=wards, boroughs=boroughs, communities=communities)


def _latest(into: dict[int, datetime], found: dict[int, Any]) -> None:
    for key, at in found.items():
        note_latest(into, key, at)


def last_engaged(*, at: datetime | None = None) -> tuple[dict[int, datetime], dict[int, datetime]]:
    """When each ward and each community was last engaged in the 12 months to `at`: an ask of its public (or of
    the community), a group meeting, a consultation opened or an invitation sent to it, an alert sent to it.
    A borough-wide contact engages every ward of the borough; London-wide activity engages no ward in particular."""
    if at is None:
        # The staff home shows this to every coordinator: worked out at most every ten minutes (the periods
        # it answers for are months long).
        found: tuple[dict[int, datetime], dict[int, datetime]] | None = cache.get(LAST_ENGAGED_KEY)
        if found is None:
            found = last_engaged(at=timezone.now())
            cache.set(LAST_ENGAGED_KEY, found, 600)
        return found
    since = at - timedelta(days=NEVER_ASKED_DAYS[12])
    ward_last: dict[int, datetime] = {}
    borough_last: dict[int, datetime] = {}
    community_last: dict[int, datetime] = {}
    for reached in registry.engagement.reached(since, at):
        _latest(ward_last, reached.wards)
        _latest(borough_last, reached.boroughs)
        _latest(community_last, reached.communities)
    for ward_id, borough_id in Ward.objects.values_list("pk", "borough_id"):
        if borough_id in borough_last:
            _latest(ward_last, {ward_id: borough_last[borough_id]})
    return ward_last, community_last


def community_populations() -> dict[int, int]:
    """People in London in each community the census counts (its figure's share of each borough's residents)."""
    out: dict[int, int] = {}
    communities = CommunityOfInterest.objects.exclude(census_topic="").exclude(census_category="")
    for c in communities:
        rows = CensusFigure.objects.filter(
            topic=c.census_topic, category=c.census_category, unit=CensusFigure.Unit.PERCENT, borough__isnull=False
        ).values_list("value", "borough__population")
        total = sum(value * (population or 0) / 100 for value, population in rows)
        if total:
            out[c.pk] = round(total)
    return out


@dataclass
class NeverAsked:
    """Wards and communities nothing has engaged in `months`, largest first, and the count per borough."""

    months: int
    wards: list[dict[str, Any]]
    communities: list[dict[str, Any]]
    boroughs: list[dict[str, Any]]


def _ward_row(w: Ward, last: datetime | None) -> dict[str, Any]:
    return {
        "ward": w,
        "code": w.code,
        "name": w.name,
        "borough": w.borough.name,
        "population": w.population,
        "last": last,
    }


def _largest_first(row: dict[str, Any]) -> tuple[int, str]:
    return -(row["population"] or 0), row["name"]


def never_asked_wards(*, months: int = 6, borough_ids: set[int] | None = None) -> list[dict[str, Any]]:
    """The wards (of the given boroughs; None: of London) nothing has engaged in the last `months`, largest
    first: `never_asked(...).wards` without reading the places or the communities (the staff home's card)."""
    ward_last, _communities = last_engaged()
    cutoff = timezone.now() - timedelta(days=NEVER_ASKED_DAYS[months])
    boroughs = reference.borough_list() if borough_ids is None else reference.by_pk(Borough, borough_ids).values()
    rows = [
        _ward_row(w, ward_last.get(w.pk))
        for b in boroughs
        for w in reference.wards_of(b)
        if ward_last.get(w.pk) is None or ward_last[w.pk] < cutoff
    ]
    return sorted(rows, key=_largest_first)


def never_asked(
    *, months: int = 6, boroughs: QuerySet[Borough] | None = None, at: datetime | None = None
) -> NeverAsked:
    """Who is never asked: wards (of the given boroughs) and communities with no engagement in the last
    `months` (3, 6 or 12), ranked by the people who live there (Census 2021), with counts per borough."""
    ward_last, community_last = last_engaged(at=at)
    at = at or timezone.now()
    cutoffs = {m: at - timedelta(days=d) for m, d in NEVER_ASKED_DAYS.items()}
    cutoff = cutoffs[months]
    boroughs = boroughs if boroughs is not None else Borough.objects.all()
    ward_rows: list[dict[str, Any]] = []
    per_borough: dict[int, dict[str, Any]] = {}
    for b in boroughs.order_by("name"):
        per_borough[b.pk] = {"borough": b, "code": b.code, "name": b.name, "wards": 0}
        per_borough[b.pk].update({f"never_{m}": 0 for m in cutoffs})
    wards = Ward.objects.filter(borough__in=list(per_borough)).select_related("borough")
    for w in wards:
        last = ward_last.get(w.pk)
        row = per_borough[w.borough_id]
        row["wards"] += 1
        for m, limit in cutoffs.items():
            if last is None or last < limit:
                row[f"never_{m}"] += 1
        if last is None or last < cutoff:
            ward_rows.append(_ward_row(w, last))
    ward_rows.sort(key=_largest_first)
    populations = community_populations()
    community_rows: list[dict[str, Any]] = []
    for c in CommunityOfInterest.objects.filter(is_active=True):
        last = community_last.get(c.pk)
        if last is None or last < cutoff:
            community_rows.append(
                {"community": c, "code": c.slug, "name": c.name, "population": populations.get(c.pk), "last": last}
            )
    community_rows.sort(key=lambda r: (r["population"] is None, -(r["population"] or 0), r["name"]))
    borough_rows = [r for r in per_borough.values() if r["wards"]]
    return NeverAsked(months, ward_rows, community_rows, borough_rows)


def never_asked_trend(
    boroughs: QuerySet[Borough], *, months: int = 6, quarters: int = 4, at: datetime | None = None
) -> list[dict[str, Any]]:
    """Per borough, how many wards had nothing in `months` as it stood now and at each of the previous
    `quarters` quarter-points (every 91 days back): whether the gap is closing."""
    at = at or timezone.now()
    midnight = _day_start(timezone.localdate(at))
    points = [at] + [midnight - timedelta(days=91 * q) for q in range(1, quarters + 1)]
    limit = timedelta(days=NEVER_ASKED_DAYS[months])
    wards = list(Ward.objects.filter(borough__in=boroughs).values_list("pk", "borough_id"))
    rows: dict[int, dict[str, Any]] = {
        b.pk: {"code": b.code, "name": b.name, "wards": 0, "counts": [0] * len(points)}
        for b in boroughs.order_by("name")
    }
    for i, point in enumerate(points):
        if i == 0:
            ward_last, _communities = last_engaged()
        else:
            # The past does not change much: each quarter-point's answer is kept for an hour.
            key = f"{LAST_ENGAGED_KEY}:{point.date().isoformat()}"
            found = cache.get(key)
            if found is None:
                found = last_engaged(at=point)
                cache.set(key, found, 3600)
            ward_last, _communities = found
        for ward_id, borough_id in wards:
            last = ward_last.get(ward_id)
            if last is None or last < point - limit:
                rows[borough_id]["counts"][i] += 1
    for _ward_id, borough_id in wards:
        rows[borough_id]["wards"] += 1
    return [{**r, "points": [p.date() for p in points]} for r in rows.values() if r["wards"]]
