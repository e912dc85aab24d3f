"""Fatigue: what has been asked of a ward's or a community's public in the last 4 and 12 weeks."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from activities import footprint_sql as sql
from activities.models import ActivityPlace, CommunityOfInterest
from activities.queries import register
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


Tally = tuple[float, float, int, int]  # (score 4 weeks, score 12 weeks, occurrences 4 weeks, occurrences 12 weeks)


def _score_with(own: Best, shared: _Shared, label: str, t: Thresholds, counted: Tally = (0.0, 0.0, 0, 0)) -> Fatigue:
    """`_score` of a ward's own occurrences and the ones it shares with its borough, the most local row of each
    occurrence counting: the sums of scoring every row of both, with the shared part summed once per borough.
    `counted`: the ward's own occurrences that share no row with the borough or London, already summed."""
    weights = shared.cfg.weights
    s4, s12 = shared.s4 + counted[0], shared.s12 + counted[1]
    n4, n12 = shared.n4 + counted[2], len(shared.best) + counted[3]
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
    return _ward_fatigue(boroughs, at, cfg or fatigue_config(), since=at - timedelta(weeks=12))


def raised_by_borough(
    boroughs: list[Borough], *, at: datetime | None = None, cfg: FatigueConfig | None = None
) -> dict[int, tuple[int, int]]:
    """(wards at medium or high fatigue in the last 4 weeks, wards) of each borough, by borough id: the 4-week
    figures of `fatigue_for_boroughs`, read from the last 4 weeks' rows alone (a third of the 12 weeks')."""
    at = at or timezone.now()
    found = _ward_fatigue(boroughs, at, cfg or fatigue_config(), since=at - timedelta(weeks=4))
    return {pk: (sum(1 for f in rows if f.level_4w != "low"), len(rows)) for pk, rows in found.items()}


def _ward_fatigue(
    boroughs: list[Borough], at: datetime, cfg: FatigueConfig, since: datetime
) -> dict[int, list[Fatigue]]:
    """The wards of each borough scored from the rows since `since` (their 12-week figures count only when that is
    12 weeks before `at`), in three reads:

    - the borough and London rows, one by one (a few: every ward of the borough shares them);
    - the ward rows counted by ward, method and whether in the last 4 weeks: a ward row is a whole ask (share 1)
      and a ward has one row per occurrence, so its score is the count times the method's weight;
    - one by one, the ward rows of the activities that also have a borough row, where the most local row of an
      occurrence must be chosen (`_score_with`): their counts are taken back out of the second read's.
    """
    ids = [b.pk for b in boroughs]
    when = {"starts_at__gte": since, "starts_at__lte": at, "audience__in": ASKS_OF_PUBLIC}
    recent = _since_4_weeks(at)
    # each start read as the database's text of it (enough to tell occurrences apart), its last-4-weeks test done
    # by the database
    shared_rows = ActivityPlace.objects.filter(
        Q(kind=K.BOROUGH, borough_id__in=ids) | Q(kind=K.LONDON), **when
    ).values_list("kind", "borough_id", "activity_id", "method", Cast("starts_at", TextField()), "share", recent)
    london: list[Row] = []
    per_borough: dict[int, list[Row]] = defaultdict(list)
    for kind, borough_id, activity_id, method, starts, share, is_recent in shared_rows:
        row = (activity_id, method, starts, share, is_recent)
        (per_borough[borough_id] if kind == K.BOROUGH else london).append(row)
    # London-wide activities have no ward rows: only those with a borough row can share an occurrence with a ward
    mixed = sorted({row[0] for rows in per_borough.values() for row in rows})
    wards = ActivityPlace.objects.filter(kind=K.WARD, borough_id__in=ids, **when)
    counts: dict[int, dict[tuple[str, bool], int]] = defaultdict(lambda: defaultdict(int))
    for ward_id, method, is_recent, n in wards.values_list("ward_id", "method", recent).annotate(n=Count("id")):
        counts[ward_id][(method, is_recent)] += n
    per_ward: dict[int, list[Row]] = defaultdict(list)
    if mixed:
        one_by_one = wards.filter(register.ids_in(mixed, ActivityPlace, "activity_id")).values_list(
            "ward_id", "activity_id", "method", Cast("starts_at", TextField()), "share", recent
        )
        for ward_id, activity_id, method, starts, share, is_recent in one_by_one:
            per_ward[ward_id].append((activity_id, method, starts, share, is_recent))
            counts[ward_id][(method, is_recent)] -= 1
    found: dict[int, list[Fatigue]] = {}
    for borough in boroughs:
        shared = _Shared(_best(per_borough.get(borough.pk, []) + london), cfg)
        out = []
        for w in reference.wards_of(borough):
            f = _score_with(_best(per_ward.get(w.pk, [])), shared, w.name, cfg.ward, _tally(counts.get(w.pk), cfg))
            f.code, f.population = w.code, w.population
            out.append(f)
        out.sort(key=lambda f: (-f.score_4w, -f.score_12w, f.label))
        found[borough.pk] = out
    return found


def _tally(counts: dict[tuple[str, bool], int] | None, cfg: FatigueConfig) -> Tally:
    """A ward's counted occurrences (by method and whether in the last 4 weeks) as scores and numbers."""
    s4 = s12 = 0.0
    n4 = n12 = 0
    for (method, is_recent), n in sorted((counts or {}).items()):
        ask = cfg.weights.get(method, 1.0) * n
        s12 += ask
        n12 += n
        if is_recent:
            s4 += ask
            n4 += n
    return s4, s12, n4, n12


def fatigue_for_communities(
    communities: list[CommunityOfInterest], *, at: datetime | None = None, cfg: FatigueConfig | None = None
) -> list[Fatigue]:
    """`fatigue_for_community` of each, in the order given, in one read: a community has one row per occurrence of
    each activity for it, so its rows are summed by the database, by method and whether in the last 4 weeks."""
    at = at or timezone.now()
    cfg = cfg or fatigue_config()
    sums: dict[int, list[tuple[str, bool, int, float]]] = defaultdict(list)
    found = (
        ActivityPlace.objects.filter(
            community__in=[c.pk for c in communities],
            starts_at__gte=at - timedelta(weeks=12),
            starts_at__lte=at,
            audience__in=ASKS_OF_COMMUNITY,
        )
        .values_list("community_id", "method", _since_4_weeks(at))
        .annotate(n=Count("id"), shares=Sum("share"))
    )
    for community_id, method, recent, n, shares in found:
        sums[community_id].append((method, recent, n, shares))
    out = []
    for c in communities:
        s4 = s12 = 0.0
        n4 = n12 = 0
        for method, recent, n, shares in sorted(sums.get(c.pk, [])):
            ask = cfg.weights.get(method, 1.0) * shares
            s12, n12 = s12 + ask, n12 + n
            if recent:
                s4, n4 = s4 + ask, n4 + n
        s4, s12 = round(s4, 2), round(s12, 2)
        t = cfg.community
        f = Fatigue(c.name, n4, s4, t.level(s4, 4), n12, s12, t.level(s12, 12), t)
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
