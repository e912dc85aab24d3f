"""Fatigue: what has been asked of a ward's or a community's public in the last 4 and 12 weeks."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from activities import footprint_sql as sql
from activities.models import ActivityPlace, CommunityOfInterest
from activities.queries.base import ASKS_OF_COMMUNITY, ASKS_OF_PUBLIC, K
from activities.queries.clashes import Proposal
from activities.queries.thresholds import FatigueConfig, Thresholds, _fmt, fatigue_config
from places import reference
from places.models import Borough, Ward


@dataclass
class Fatigue:
    label: str
    count_4w: int
    score_4w: float
    level_4w: str
    count_12w: int
    score_12w: float
    level_12w: str
    thresholds: Thresholds | None = None
    population: int | None = None
    code: str = ""

    @property
    def message(self) -> str:
        score = _fmt(self.score_4w)
        text = f"{self.label} has had {score} ask{'s' if score != '1' else ''} in 4 weeks: {self.level_4w}"
        if self.thresholds is not None:
            text += f" ({self.thresholds.describe(4)})"
        return text

    def as_dict(self) -> dict[str, Any]:
        t = self.thresholds
        return {
            "label": self.label,
            "code": self.code,
            "count_4w": self.count_4w,
            "score_4w": self.score_4w,
            "level_4w": self.level_4w,
            "count_12w": self.count_12w,
            "score_12w": self.score_12w,
            "level_12w": self.level_12w,
            "medium_4w": t.medium_4w if t else None,
            "high_4w": t.high_4w if t else None,
            "medium_12w": t.medium_12w if t else None,
            "high_12w": t.high_12w if t else None,
            "message": self.message,
        }


# One footprint row as fatigue reads it: activity id, method, the occurrence's start (any value that tells one
# occurrence of the activity from another: a datetime, or its text as the database wrote it), share, and whether
# it started in the last 4 weeks.
Row = tuple[int, str, Any, float, bool]
Best = dict[tuple[int, Any], tuple[str, float, bool]]


def _best(rows: list[Row]) -> Best:
    """Each distinct occurrence (activity, start) with its most local row's method and share."""
    best: Best = {}
    for activity_id, method, starts, share, recent in rows:
        key = (activity_id, starts)
        if key not in best or share > best[key][1]:
            best[key] = (method, share, recent)
    return best


def _recent_rows(rows: Any, at: datetime) -> list[Row]:
    """(activity, method, start, share) rows with their start as a datetime, marked as in the last 4 weeks or not."""
    since4 = at - timedelta(weeks=4)
    return [(a, m, s, sh, s >= since4) for a, m, s, sh in rows]


def _since_4_weeks(at: datetime) -> ExpressionWrapper:
    return ExpressionWrapper(Q(starts_at__gte=at - timedelta(weeks=4)), output_field=BooleanField())


def _score(rows: list[Row], cfg: FatigueConfig, label: str, t: Thresholds) -> Fatigue:
    """Sum of method weight × locality share over distinct occurrences (the most local row of each)."""
    return _score_with(_best(rows), _Shared({}, cfg), label, t)


class _Shared:
    """The occurrences a borough's wards share (the borough's and London's rows), summed once for them all."""

    def __init__(self, best: Best, cfg: FatigueConfig) -> None:
        self.best, self.cfg = best, cfg
        self.s4 = self.s12 = 0.0
        self.n4 = 0
        for method, share, recent in best.values():
            ask = cfg.weights.get(method, 1.0) * share
            self.s12 += ask
            if recent:
                self.s4 += ask
                self.n4 += 1


def _score_with(own: Best, shared: _Shared, label: str, t: Thresholds) -> Fatigue:
    """`_score` of a ward's own occurrences and the ones it shares with its borough, the most local row of each
    occurrence counting: the sums of scoring every row of both, with the shared part summed once per borough."""
    weights = shared.cfg.weights
    s4, s12, n4, n12 = shared.s4, shared.s12, shared.n4, len(shared.best)
    for key, (method, share, recent) in own.items():
        ask = weights.get(method, 1.0) * share
        other = shared.best.get(key)
        if other is not None:
            if other[1] >= share:
                continue  # the shared row is as local: it is already counted
            ask -= weights.get(other[0], 1.0) * other[1]  # the ward's own row counts instead of the shared one
        else:
            n12 += 1
            n4 += recent
        s12 += ask
        if recent:
            s4 += ask
    s4, s12 = round(s4, 2), round(s12, 2)
    return Fatigue(label, n4, s4, t.level(s4, 4), n12, s12, t.level(s12, 12), t)


def _public_in(values: tuple[str, ...]) -> sql.Part:
    return f"audience IN ({', '.join(['%s'] * len(values))})", [str(v) for v in values]


def fatigue_for_ward(ward: Ward, *, at: datetime | None = None, cfg: FatigueConfig | None = None) -> Fatigue:
    """What has been asked of a ward's public in the 4 and 12 weeks to `at` (see docs: "Fatigue")."""
    at = at or timezone.now()
    cfg = cfg or fatigue_config()
    since = at - timedelta(weeks=12)
    places = [("ward_id = %s", [ward.pk]), ("kind = %s AND borough_id = %s", [K.BOROUGH, ward.borough_id])]
    places.append(("kind = %s", [K.LONDON]))
    audience_sql, audience_params = _public_in(ASKS_OF_PUBLIC)
    when = (f"starts_at >= %s AND starts_at <= %s AND {audience_sql}", [sql.dt(since), sql.dt(at), *audience_params])
    found = sql.fetch(places, when, ("activity_id", "method", "starts_at", "share"), cap=100000)
    rows = _recent_rows([(a, m, sql.aware(s), sh) for a, m, s, sh in found], at)
    f = _score(rows, cfg, ward.name, cfg.ward)
    f.code, f.population = ward.code, ward.population
    return f


def fatigue_for_community(
    community: CommunityOfInterest, *, at: datetime | None = None, cfg: FatigueConfig | None = None
) -> Fatigue:
    """What has been asked of a community in the 4 and 12 weeks to `at`: London-wide asks count whole, local
    ones by the share of London they reach."""
    at = at or timezone.now()
    cfg = cfg or fatigue_config()
    rows = list(
        ActivityPlace.objects.filter(
            community=community,
            starts_at__gte=at - timedelta(weeks=12),
            starts_at__lte=at,
            audience__in=ASKS_OF_COMMUNITY,
        ).values_list("activity_id", "method", "starts_at", "share", _since_4_weeks(at))
    )
    f = _score(rows, cfg, community.name, cfg.community)
    f.code = community.slug
    return f


def fatigue_for_borough(
    borough: Borough, *, at: datetime | None = None, cfg: FatigueConfig | None = None
) -> list[Fatigue]:
    """Every ward of a borough, highest load first (one query)."""
    return fatigue_for_boroughs([borough], at=at, cfg=cfg)[borough.pk]


def fatigue_for_boroughs(
    boroughs: list[Borough], *, at: datetime | None = None, cfg: FatigueConfig | None = None
) -> dict[int, list[Fatigue]]:
    """Every ward of each borough, highest load first, by borough id: one read of the footprint for them all."""
    at = at or timezone.now()
    cfg = cfg or fatigue_config()
    since = at - timedelta(weeks=12)
    ids = [b.pk for b in boroughs]
    rows = ActivityPlace.objects.filter(
        Q(kind__in=(K.WARD, K.BOROUGH), borough_id__in=ids) | Q(kind=K.LONDON),
        starts_at__gte=since,
        starts_at__lte=at,
        audience__in=ASKS_OF_PUBLIC,
    ).values_list(
        # London's 12 weeks are tens of thousands of rows: each start is read as the database's text of it (enough
        # to tell occurrences apart) and its last-4-weeks test done by the database, not made into a datetime.
        "kind", "borough_id", "ward_id", "activity_id", "method", Cast("starts_at", TextField()), "share",
        _since_4_weeks(at),
    )  # fmt: skip
    london: list[Row] = []
    per_borough: dict[int, list[Row]] = defaultdict(list)
    per_ward: dict[int, list[Row]] = defaultdict(list)
    for kind, borough_id, ward_id, activity_id, method, starts, share, recent in rows:
        if kind == K.WARD:
            per_ward[ward_id].append((activity_id, method, starts, share, recent))
        elif kind == K.BOROUGH:
            per_borough[borough_id].append((activity_id, method, starts, share, recent))
        else:
            london.append((activity_id, method, starts, share, recent))
    found: dict[int, list[Fatigue]] = {}
    for borough in boroughs:
        shared = _Shared(_best(per_borough.get(borough.pk, []) + london), cfg)
        out = []
        for w in reference.wards_of(borough):
            f = _score_with(_best(per_ward.get(w.pk, [])), shared, w.name, cfg.ward)
            f.code, f.population = w.code, w.population
            out.append(f)
        out.sort(key=lambda f: (-f.score_4w, -f.score_12w, f.label))
        found[borough.pk] = out
    return found


def fatigue_for_communities(
    communities: list[CommunityOfInterest], *, at: datetime | None = None, cfg: FatigueConfig | None = None
) -> list[Fatigue]:
    """`fatigue_for_community` of each, in the order given, in one read."""
    at = at or timezone.now()
    cfg = cfg or fatigue_config()
    rows: dict[int, list[Row]] = defaultdict(list)
    found = ActivityPlace.objects.filter(
        community__in=[c.pk for c in communities],
        starts_at__gte=at - timedelta(weeks=12),
        starts_at__lte=at,
        audience__in=ASKS_OF_COMMUNITY,
    ).values_list("community_id", "activity_id", "method", Cast("starts_at", TextField()), "share", _since_4_weeks(at))
    for community_id, *row in found:
        rows[community_id].append(tuple(row))  # type: ignore[arg-type]
    out = []
    for c in communities:
        f = _score(rows.get(c.pk, []), cfg, c.name, cfg.community)
        f.code = c.slug
        out.append(f)
    return out


FATIGUE_SORTS = {
    "score_4w": ("Weighted asks, 4 weeks (most first)", lambda f: (-f.score_4w, -f.score_12w, f.label)),
    "score_12w": ("Weighted asks, 12 weeks (most first)", lambda f: (-f.score_12w, -f.score_4w, f.label)),
    "least": ("Weighted asks, 12 weeks (fewest first)", lambda f: (f.score_12w, f.score_4w, f.label)),
    "population": ("Residents (most first)", lambda f: (-(f.population or 0), f.label)),
    "name": ("Name", lambda f: (f.label,)),
}


def sort_and_filter(rows: list[Fatigue], *, sort: str = "", level: str = "") -> list[Fatigue]:
    """The fatigue table as asked: only one level (of the 4-week figure), in the chosen order."""
    if level:
        rows = [f for f in rows if f.level_4w == level]
    key = FATIGUE_SORTS.get(sort, FATIGUE_SORTS["score_4w"])[1]
    return sorted(rows, key=key)  # type: ignore[arg-type]


def fatigue_for_proposal(p: Proposal) -> list[Fatigue]:
    """Load on each ward and community of a planned activity, measured up to its start."""
    cfg = fatigue_config()
    at = max(p.starts_at, timezone.now())
    out = [fatigue_for_ward(w, at=at, cfg=cfg) for w in Ward.objects.filter(pk__in=p.ward_ids[:30])]
    out += [
        fatigue_for_community(c, at=at, cfg=cfg) for c in CommunityOfInterest.objects.filter(pk__in=p.community_ids)
    ]
    return out
