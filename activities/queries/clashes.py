"""Clashes: activities asking the same places or communities at about the same time, and those nobody answered."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from activities import footprint_sql as sql
from activities.models import Activity, ActivityLink, ActivityPlace, CommunityOfInterest, FatigueSettings
from activities.queries.base import ASKS_OF_COMMUNITY, DEFAULT_WEIGHTS, LONG, K
from activities.recurrence import occurrence_starts
from places.models import Borough, Ward

CLASH_OCCURRENCES = 26  # a series is checked for clashes over its first 26 occurrences


@dataclass
class Proposal:
    """An activity being planned (or an existing one), as clash and fatigue checks need it."""

    starts_at: datetime
    ends_at: datetime
    ward_ids: list[int] = field(default_factory=list)
    borough_ids: list[int] = field(default_factory=list)
    london_wide: bool = False
    community_ids: list[int] = field(default_factory=list)
    recurrence: str = ""
    repeat_until: date | None = None
    exception_dates: list[str] = field(default_factory=list)
    exclude_id: int | None = None
    audience: str = Activity.Audience.PUBLIC
    method: str = ""

    @classmethod
    def of(cls, activity: Activity) -> "Proposal":
        return cls(
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            ward_ids=list(activity.wards.values_list("pk", flat=True)),
            borough_ids=list(activity.boroughs.values_list("pk", flat=True)),
            london_wide=activity.london_wide,
            community_ids=list(activity.communities.values_list("pk", flat=True)),
            recurrence=activity.recurrence,
            repeat_until=activity.repeat_until,
            exception_dates=list(activity.exception_dates or []),
            exclude_id=activity.pk,
            audience=activity.audience,
            method=activity.method,
        )

    def occurrences(self) -> list[tuple[datetime, datetime]]:
        duration = self.ends_at - self.starts_at
        starts = occurrence_starts(self.starts_at, self.recurrence, self.repeat_until, self.exception_dates)
        return [(s, s + duration) for s in starts[:CLASH_OCCURRENCES]]


@dataclass
class Clash:
    activity: Activity
    gap: timedelta  # zero when they overlap in time
    at: datetime  # the clashing occurrence's start
    reasons: list[str]
    relevance: int = 0  # 0–100: place specificity × audience overlap × time distance × method
    standing: bool = False  # a London-wide standing series (shown apart from the real clashes)
    link: Any = None  # the planner's answer (ActivityLink), where the page shows it

    @property
    def closeness(self) -> str:
        if not self.gap:
            return "At the same time"
        days = self.gap.days
        hours = self.gap.seconds // 3600
        if days == 0:
            return f"{max(hours, 1)} hour{'s' if hours != 1 else ''} apart"
        return f"{days} day{'s' if days != 1 else ''} apart"


def clash_window() -> timedelta:
    row = FatigueSettings.objects.first()
    return timedelta(days=row.clash_window_days if row else 7)


def _proposal_places(p: Proposal, ward_boroughs: dict[int, int]) -> list[sql.Part]:
    """One branch per footprint index (ward, kind+borough, kind, community)."""
    parts: list[sql.Part] = []
    if p.london_wide:
        parts.append(("kind IN (%s, %s, %s)", [K.WARD, K.BOROUGH, K.LONDON]))
    else:
        boroughs_of_wards = set(ward_boroughs.values())
        if p.ward_ids or p.borough_ids:
            parts.append(("kind = %s", [K.LONDON]))
        if p.ward_ids:
            parts.append(sql.in_list("ward_id", p.ward_ids))
        if p.borough_ids:
            where, params = sql.in_list("borough_id", p.borough_ids)
            parts.append((f"kind = %s AND {where}", [K.WARD, *params]))
        if p.borough_ids or boroughs_of_wards:
            where, params = sql.in_list("borough_id", sorted(set(p.borough_ids) | boroughs_of_wards))
            parts.append((f"kind = %s AND {where}", [K.BOROUGH, *params]))
    if p.community_ids:
        parts.append(sql.in_list("community_id", p.community_ids))
    return parts


FIELDS = ("activity_id", "kind", "ward_id", "borough_id", "community_id", "starts_at", "ends_at", "method", "audience")
# How much sharing a place says about a clash: the same ward or community is the real thing; a borough-wide
# activity touches the ward a little; a London-wide one hardly at all.
PLACE_WEIGHT = {"ward": 1.0, "community": 0.9, "borough_ward": 0.5, "borough": 0.4, "london": 0.1}
AUDIENCE_WEIGHT: dict[str, float] = {
    Activity.Audience.PUBLIC: 1.0,
    Activity.Audience.COMMUNITY: 0.8,
    Activity.Audience.PARTNERS: 0.4,
    Activity.Audience.INTERNAL: 0.2,
}
# what a clash shows: enough to name it, say when, and whom to contact
CLASH_ACTIVITY_FIELDS = (
    "id",
    "title",
    "method",
    "audience",
    "status",
    "starts_at",
    "ends_at",
    "lead_name",
    "lead_email",
    "lead_phone",
    "organising_unit__name",
    "organising_unit__short_name",
    "organising_unit__slug",
)


def _shares_place(p: Proposal, ward_boroughs: dict[int, int], row: tuple[Any, ...]) -> bool:
    """The same overlap rule as `_proposal_places`, for one footprint row."""
    _activity, kind, ward_id, borough_id, community_id = row[:5]
    if kind == K.COMMUNITY:
        return community_id in p.community_ids
    if p.london_wide:
        return True
    if kind == K.LONDON:
        return bool(p.ward_ids or p.borough_ids)
    if kind == K.WARD:
        return ward_id in p.ward_ids or borough_id in p.borough_ids
    return borough_id in set(p.borough_ids) | set(ward_boroughs.values())


def _ward_boroughs(ward_ids: list[int]) -> dict[int, int]:
    if not ward_ids:
        return {}
    where, params = sql.in_list("id", ward_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, borough_id FROM {Ward._meta.db_table} WHERE {where}", params)  # noqa: S608
        return dict(cursor.fetchall())


def _place_kind(p: Proposal, kind: int, ward_id: int | None) -> str:
    if kind == K.WARD:
        return "ward" if ward_id in p.ward_ids else "borough_ward"
    if kind == K.BOROUGH:
        return "borough"
    if kind == K.LONDON:
        return "london"
    return "community"


def relevance(p: Proposal, place: str, audience: str, gap: timedelta, method: str) -> int:
    """How much a clash matters, 0–100: where they meet, whom both ask, how close in time, how much each asks.

    place: same ward 1, same community 0.9, a ward of a borough either covers 0.5, borough-wide 0.4,
    London-wide 0.1; audience: the other asks the public 1, a community 0.8 (1 if it is a shared community),
    partners only 0.4, staff only 0.2; time: 1 when they overlap, halving a day apart, an eighth a week apart;
    method: from half for a leaflet drop to whole for a focus group.
    """
    place_w = PLACE_WEIGHT[place]
    audience_w = 1.0 if place == "community" else AUDIENCE_WEIGHT.get(audience, 1.0)
    if p.audience in (Activity.Audience.INTERNAL, Activity.Audience.PARTNERS) and audience == p.audience:
        audience_w = 1.0  # two staff (or two partner) meetings do compete for the same people
    time_w = 1 / (1 + gap.total_seconds() / 86400)
    method_w = 0.5 + 0.5 * min(DEFAULT_WEIGHTS.get(method, 1.0), 1.5) / 1.5
    return round(100 * place_w * audience_w * time_w * method_w)


def _standing(activity_ids: set[int]) -> set[int]:
    """The London-wide series among these activities (standing forums and calls)."""
    if not activity_ids:
        return set()
    return set(
        Activity.objects.filter(pk__in=activity_ids, london_wide=True)
        .exclude(recurrence="")
        .values_list("pk", flat=True)
    )


def check_clashes(p: Proposal, *, window: timedelta | None = None, limit: int = 20) -> tuple[list[Clash], list[Clash]]:
    """(clashes, standing): activities sharing a place or community within `window` of the proposal, most
    relevant first; London-wide standing series apart (unless the proposal is London-wide itself)."""
    window = clash_window() if window is None else window
    occurrences = p.occurrences()
    if not occurrences:
        return [], []
    ward_boroughs = _ward_boroughs(p.ward_ids)
    places = _proposal_places(p, ward_boroughs)
    if not places:
        return [], []
    short_sql, short_params, long_sql, long_params = [], [], [], []
    for s, e in occurrences:
        # an occurrence of at most a week that overlaps the window starts within a week before it
        short_sql.append("(starts_at > %s AND starts_at < %s)")
        short_params += [sql.dt(s - window - LONG), sql.dt(e + window)]
        long_sql.append("(ends_at > %s AND starts_at < %s)")
        long_params += [sql.dt(s - window), sql.dt(e + window)]
    rows = sql.fetch(places, (" OR ".join(short_sql), short_params), FIELDS, exclude_id=p.exclude_id)
    # Longer occurrences (e.g. a survey running for weeks) are few: read those still running from the
    # partial index on their end, and keep the ones sharing a place or community here.
    long_rows = sql.fetch([("is_long", [])], (" OR ".join(long_sql), long_params), FIELDS, exclude_id=p.exclude_id)
    rows += [r for r in long_rows if _shares_place(p, ward_boroughs, r)]
    best: dict[int, dict[str, Any]] = {}
    for activity_id, kind, ward_id, borough_id, community_id, rs_, re_raw, method, audience in rows:
        rs, re_ = sql.aware(rs_), sql.aware(re_raw)
        gap = None
        for s, e in occurrences:
            if rs < e + window and re_ > s - window:
                g = max(timedelta(0), rs - e, s - re_)
                if gap is None or g < gap:
                    gap = g
        if gap is None:
            continue
        score = relevance(p, _place_kind(p, kind, ward_id), audience, gap, method)
        entry = best.setdefault(activity_id, {"gap": gap, "at": rs, "score": score, "reasons": set(), "london": False})
        entry["reasons"].add((kind, ward_id, borough_id, community_id))
        entry["london"] = entry["london"] or kind == K.LONDON
        if gap < entry["gap"] or (gap == entry["gap"] and rs < entry["at"]):
            entry["gap"], entry["at"] = gap, rs
        entry["score"] = max(entry["score"], score)
    if not best:
        return [], []
    standing_ids = set() if p.london_wide else _standing({a for a, e in best.items() if e["london"]})
    ranked = sorted(best.items(), key=lambda kv: (-kv[1]["score"], kv[1]["gap"], kv[1]["at"], kv[0]))
    main = [kv for kv in ranked if kv[0] not in standing_ids][:limit]
    standing = sorted((kv for kv in ranked if kv[0] in standing_ids), key=lambda kv: (kv[1]["gap"], kv[1]["at"]))
    standing = standing[:limit]
    chosen = main + standing
    ward_names = sql.names(Ward._meta.db_table, {r[1] for _, e in chosen for r in e["reasons"] if r[1]})
    borough_names = sql.names(Borough._meta.db_table, {r[2] for _, e in chosen for r in e["reasons"] if r[2]})
    community_names = sql.names(
        CommunityOfInterest._meta.db_table, {r[3] for _, e in chosen for r in e["reasons"] if r[3]}
    )
    activities = (
        Activity.objects.select_related("organising_unit").only(*CLASH_ACTIVITY_FIELDS).in_bulk([a for a, _ in chosen])
    )

    def clash(activity_id: int, e: dict[str, Any]) -> Clash:
        texts = []
        for kind, ward_id, borough_id, community_id in e["reasons"]:
            if kind == K.WARD and ward_id in p.ward_ids:
                texts.append(f"Same ward: {ward_names.get(ward_id or 0)}")
            elif kind == K.WARD:
                texts.append(f"{ward_names.get(ward_id or 0)} is in a borough this activity covers")
            elif kind == K.BOROUGH:
                texts.append(f"Covers all of {borough_names.get(borough_id or 0)}")
            elif kind == K.LONDON:
                texts.append("London-wide")
            else:
                texts.append(f"Same community: {community_names.get(community_id or 0)}")
        return Clash(
            activity=activities[activity_id],
            gap=e["gap"],
            at=e["at"],
            reasons=sorted(set(texts)),
            relevance=e["score"],
            standing=activity_id in standing_ids,
        )

    return [clash(a, e) for a, e in main], [clash(a, e) for a, e in standing]


def find_clashes(p: Proposal, *, window: timedelta | None = None, limit: int = 20) -> list[Clash]:
    """Activities of any unit sharing a place or community within `window` of the proposal, most relevant first
    (London-wide standing series left out: `standing_clashes`)."""
    return check_clashes(p, window=window, limit=limit)[0]


def standing_clashes(p: Proposal, *, window: timedelta | None = None, limit: int = 20) -> list[Clash]:
    """The London-wide standing series (forums, staff calls) in the same window, soonest first."""
    return check_clashes(p, window=window, limit=limit)[1]


@dataclass
class ClashPair:
    """Two activities in the same ward close together in time that nobody has yet joined up or explained."""

    first: Activity
    second: Activity
    ward: str
    at: datetime
    gap: timedelta
    relevance: int


def unresolved_clashes(
    boroughs: QuerySet[Borough], *, days: int = 91, min_relevance: int = 50, limit: int = 100
) -> list[ClashPair]:
    """Upcoming pairs of activities asking the same ward's public at (nearly) the same time, with no answer
    ("joined up" or "both needed") from either planner, most relevant first: what coordinators chase."""
    now = timezone.now()
    window = clash_window()
    rows = list(
        ActivityPlace.objects.filter(
            kind=K.WARD,
            borough_id__in=boroughs.values("pk"),
            starts_at__gte=now - LONG,
            starts_at__lt=now + timedelta(days=days),
            audience__in=ASKS_OF_COMMUNITY,
        )
        .order_by("ward_id", "starts_at")
        .values_list("ward_id", "activity_id", "starts_at", "ends_at", "method", "audience")
    )
    per_ward: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        if row[3] >= now:
            per_ward[row[0]].append(row)
    best: dict[tuple[int, int], tuple[int, timedelta, datetime, int]] = {}
    # relevance ≤ 100 / (1 + days apart): pairs further apart than this cannot reach `min_relevance`
    reach = min(window, timedelta(days=100 / max(min_relevance, 1) - 1))
    for ward_id, found in per_ward.items():
        for i, (_w, a, s1, e1, m1, aud1) in enumerate(found):
            for _w2, b, s2, e2, m2, aud2 in found[i + 1 :]:
                if s2 > e1 + reach:
                    break
                if a == b:
                    continue
                gap = max(timedelta(0), s2 - e1, s1 - e2)
                mine = Proposal(starts_at=s1, ends_at=e1, audience=aud1, method=m1)
                theirs = Proposal(starts_at=s2, ends_at=e2, audience=aud2, method=m2)
                score = min(relevance(mine, "ward", aud2, gap, m2), relevance(theirs, "ward", aud1, gap, m1))
                key = (min(a, b), max(a, b))
                if score >= min_relevance and (key not in best or score > best[key][0]):
                    best[key] = (score, gap, min(s1, s2), ward_id)
    if not best:
        return []
    candidates = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][2], kv[0]))
    ranked: list[tuple[tuple[int, int], tuple[int, timedelta, datetime, int]]] = []
    # Only the most relevant are shown: look up the planners' answers for them, a batch at a time.
    for start in range(0, len(candidates), 500):
        batch = candidates[start : start + 500]
        ids = {i for pair, _v in batch for i in pair}
        answered = ActivityLink.objects.filter(activity_id__in=ids, other_id__in=ids).values_list(
            "activity_id", "other_id"
        )
        linked = {(min(a, b), max(a, b)) for a, b in answered}
        ranked += [kv for kv in batch if kv[0] not in linked]
        if len(ranked) >= limit:
            break
    ranked = ranked[:limit]
    activities = Activity.objects.select_related("organising_unit").in_bulk({i for k, _ in ranked for i in k})
    ward_names = sql.names(Ward._meta.db_table, {v[3] for _, v in ranked})
    return [
        ClashPair(activities[a], activities[b], ward_names.get(w, ""), at, gap, score)
        for (a, b), (score, gap, at, w) in ranked
    ]
