"""Reads of the engagement register: who may see what, filters, clashes, fatigue, calendar, standards."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from activities import footprint_sql as sql
from activities import permissions
from activities.models import (
    Activity,
    ActivityLink,
    ActivityPlace,
    CommunityOfInterest,
    FatigueSettings,
    MinimumStandard,
    PriorConsultation,
    StandardBaseline,
)
from activities.recurrence import occurrence_starts
from core import registry
from core.registry import Reached, note_latest
from organisations.scope import Capability, scope_for
from places import reference
from places.models import Borough, CensusFigure, Ward

K = ActivityPlace.Kind
PUBLIC_STATUSES = (Activity.Status.PLANNED, Activity.Status.CONFIRMED)
LONG = timedelta(days=7)
CLASH_OCCURRENCES = 26  # a series is checked for clashes over its first 26 occurrences

DEFAULT_WEIGHTS: dict[str, float] = {
    Activity.Method.PUBLIC_MEETING: 1.0,
    Activity.Method.PANEL_MEETING: 1.0,
    Activity.Method.STREET_BRIEFING: 0.5,
    Activity.Method.FOCUS_GROUP: 1.5,
    Activity.Method.SURVEY: 1.0,
    Activity.Method.WORKSHOP: 1.0,
    Activity.Method.SCHOOL_VISIT: 1.0,
    Activity.Method.LEAFLET_DROP: 0.25,
    Activity.Method.SOCIAL_MEDIA: 0.25,
    Activity.Method.ONLINE_EVENT: 0.75,
    Activity.Method.DOOR_KNOCKING: 1.0,
    Activity.Method.OTHER: 1.0,
}


# ---------------------------------------------------------------- visibility


def place_q(ward_ids: Any = None, borough_ids: Any = None) -> Q:
    """Footprint rows touching the given wards or boroughs (a borough row touches its wards; London all)."""
    q = Q(kind=K.LONDON)
    if ward_ids:
        q |= Q(ward_id__in=ward_ids)
        wb = {w.borough_id for w in reference.by_pk(Ward, set(ward_ids)).values()}
        q |= Q(kind=K.BOROUGH, borough_id__in=sorted(wb))
    if borough_ids:
        q |= Q(kind__in=(K.WARD, K.BOROUGH), borough_id__in=borough_ids)
    return q


def visible_activities(user: Any) -> QuerySet[Activity]:
    """Activities a member of staff or a partner may see (same rules on pages and in the API)."""
    qs = Activity.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    q = Q(pk__in=[])
    for capability in (*permissions.READ_CAPABILITIES, Capability.SHARE_PARTNER_ACTIVITY):
        scope = scope_for(user, capability)
        if scope.is_empty and not scope.unit_ids:
            continue
        if scope.london_wide:
            if capability != Capability.SHARE_PARTNER_ACTIVITY:
                return qs  # a London-wide reader sees every activity
            # An empty Q() would vanish when OR-ed into the running filter, so London-wide partners
            # are given an explicit condition.
            part = Q(pk__isnull=False)
        else:
            fp = ActivityPlace.objects.filter(activity=OuterRef("pk")).filter(
                place_q(scope.ward_ids, scope.borough_ids)
            )
            part = Q(organising_unit_id__in=scope.unit_ids) | Q(partners__in=scope.unit_ids) | Q(Exists(fp))
            # activities for a community that are tied to no place are visible to every reader
            part |= Q(london_wide=False, wards__isnull=True, boroughs__isnull=True)
        if capability == Capability.SHARE_PARTNER_ACTIVITY:
            part &= Q(status__in=PUBLIC_STATUSES)
        q |= part
    ids = Activity.objects.filter(q).values("pk")
    return qs.filter(pk__in=ids)


def public_activities(*, with_cancelled: bool = False) -> QuerySet[Activity]:
    """Activities the public may see: public, not held back by a prior consultation, and not cancelled (a cancelled
    one keeps its own page, saying so, for the calendars and links that point at it)."""
    shown = Activity.objects.filter(is_public=True, consultation_pending=False)
    return shown if with_cancelled else shown.exclude(status=Activity.Status.CANCELLED)


# ---------------------------------------------------------------- filters


@dataclass
class Filters:
    ward: Ward | None = None
    borough: Borough | None = None
    community: CommunityOfInterest | None = None
    unit: Any = None
    method: str = ""
    tier: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, datetime.min.time()))


def apply_filters(qs: QuerySet[Activity], f: Filters) -> QuerySet[Activity]:
    if f.method:
        qs = qs.filter(method=f.method)
    if f.tier:
        qs = qs.filter(tier=f.tier)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit is not None:
        qs = qs.filter(
            Q(organising_unit=f.unit)
            | Q(pk__in=Activity.partners.through.objects.filter(unit_id=f.unit.pk).values("activity_id"))
        )
    if f.text:
        qs = qs.filter(Q(title__icontains=f.text) | Q(venue__icontains=f.text))
    fp = ActivityPlace.objects.filter(activity=OuterRef("pk"))
    need = False
    if f.ward is not None:
        fp = fp.filter(place_q([f.ward.pk]))
        need = True
    if f.borough is not None:
        fp = fp.filter(place_q(None, [f.borough.pk]))
        need = True
    if f.community is not None:
        fp = fp.filter(community=f.community)
        need = True
    if f.date_from:
        fp = fp.filter(ends_at__gte=_day_start(f.date_from))
        need = True
    if f.date_to:
        fp = fp.filter(starts_at__lt=_day_start(f.date_to + timedelta(days=1)))
        need = True
    if need:
        if f.ward is None and f.borough is None and f.community is None and f.status == Activity.Status.CANCELLED:
            # cancelled activities have no footprint: filter dates on the activity itself
            if f.date_from:
                qs = qs.filter(ends_at__gte=_day_start(f.date_from))
            if f.date_to:
                qs = qs.filter(starts_at__lt=_day_start(f.date_to + timedelta(days=1)))
        else:
            qs = qs.filter(Exists(fp))
    return qs


# ---------------------------------------------------------------- clashes


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


# ---------------------------------------------------------------- fatigue

WARD_COUNTS_KEY = "activities:ward-counts"
THRESHOLDS_KEY = "activities:fatigue-thresholds"
ASKS_OF_PUBLIC = (Activity.Audience.PUBLIC,)
ASKS_OF_COMMUNITY = (Activity.Audience.PUBLIC, Activity.Audience.COMMUNITY)
BIN = timedelta(weeks=4)
CALIBRATION_WINDOWS = 13  # 4-week windows in the year over which thresholds are calibrated


def ward_counts() -> tuple[dict[int, int], int]:
    """Wards per borough and in London: a borough's or London's ask is spread over its wards."""

    def count() -> tuple[dict[int, int], int]:
        per = dict(Ward.objects.values("borough_id").annotate(n=Count("pk")).values_list("borough_id", "n"))
        return per, sum(per.values())

    found = cache.get_or_set(WARD_COUNTS_KEY, count, 3600)
    return found if found is not None else count()


@dataclass
class Thresholds:
    """Where "medium" and "high" start for a 4- and a 12-week figure, and how they were set."""

    medium_4w: float
    high_4w: float
    medium_12w: float
    high_12w: float
    medium_percentile: int
    high_percentile: int
    samples: int  # figures the percentiles were taken over (places × 4-week windows in the last year)

    def level(self, score: float, weeks: int) -> str:
        medium, high = (self.medium_4w, self.high_4w) if weeks == 4 else (self.medium_12w, self.high_12w)
        if score >= high:
            return "high"
        if score >= medium:
            return "medium"
        return "low"

    def describe(self, weeks: int = 4) -> str:
        medium, high = (self.medium_4w, self.high_4w) if weeks == 4 else (self.medium_12w, self.high_12w)
        return f"medium from {_fmt(medium)}, high from {_fmt(high)}"

    @property
    def describe_12(self) -> str:
        return self.describe(12)

    @property
    def source(self) -> str:
        return (
            f"London's {self.medium_percentile}th and {self.high_percentile}th percentiles over the last year "
            f"({self.samples:,} figures), never below the administrators' minimums"
        )


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


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


@dataclass
class FatigueConfig:
    weights: dict[str, float]
    ward: Thresholds
    community: Thresholds

    def level(self, score: float, weeks: int) -> str:
        return self.ward.level(score, weeks)


def _percentile(values: list[float], pct: int) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-pct * len(ordered) // 100)))
    return round(ordered[rank - 1], 2)


def _calibrated(samples4: list[float], samples12: list[float], row: FatigueSettings) -> Thresholds:
    floors = [float(row.medium_4w), float(row.high_4w), float(row.medium_12w), float(row.high_12w)]
    if samples4:
        found = [
            _percentile(samples4, row.medium_percentile),
            _percentile(samples4, row.high_percentile),
            _percentile(samples12, row.medium_percentile),
            _percentile(samples12, row.high_percentile),
        ]
    else:
        found = [0.0] * 4
    m4, h4, m12, h12 = (max(f, c) for f, c in zip(floors, found, strict=True))
    return Thresholds(m4, max(h4, m4), m12, max(h12, m12), row.medium_percentile, row.high_percentile, len(samples4))


def calibrate(row: FatigueSettings, *, at: datetime | None = None) -> tuple[Thresholds, Thresholds]:
    """Thresholds for wards and for communities from the spread of their figures over the last year.

    Every ward's (and community's) 4-week figure in each of the 13 four-week windows of the last year is one
    sample; "medium" starts at the `medium_percentile` of the samples and "high" at the `high_percentile`,
    each never below the administrators' minimum. The 12-week figures are three consecutive windows.
    """
    at = at or timezone.now()
    weights = _weights(row)
    bins = CALIBRATION_WINDOWS + 2
    ward_bins: dict[int, list[float]] = defaultdict(lambda: [0.0] * bins)
    borough_bins: dict[int, list[float]] = defaultdict(lambda: [0.0] * bins)
    london_bins = [0.0] * bins
    community_bins: dict[int, list[float]] = defaultdict(lambda: [0.0] * bins)
    for k in range(bins):
        # The database sums each window's shares per place and method: a few thousand rows, not every occurrence.
        rows = (
            ActivityPlace.objects.filter(
                kind__in=(K.WARD, K.BOROUGH, K.LONDON, K.COMMUNITY),
                starts_at__gt=at - BIN * (k + 1),
                starts_at__lte=at - BIN * k,
                audience__in=ASKS_OF_COMMUNITY,
            )
            .values("kind", "ward_id", "borough_id", "community_id", "audience", "method")
            .annotate(total=Sum("share"))
            .values_list("kind", "ward_id", "borough_id", "community_id", "audience", "method", "total")
        )
        for kind, ward_id, borough_id, community_id, audience, method, total in rows:
            ask = weights.get(method, 1.0) * (total or 0.0)
            if kind == K.COMMUNITY:
                community_bins[community_id][k] += ask
            elif audience != Activity.Audience.PUBLIC:
                continue
            elif kind == K.WARD:
                ward_bins[ward_id][k] += ask
            elif kind == K.BOROUGH:
                borough_bins[borough_id][k] += ask
            else:
                london_bins[k] += ask

    def samples(series: list[list[float]]) -> tuple[list[float], list[float]]:
        s4: list[float] = []
        s12: list[float] = []
        for b in series:
            for k in range(CALIBRATION_WINDOWS):
                s4.append(b[k])
                s12.append(b[k] + b[k + 1] + b[k + 2])
        return s4, s12

    empty = [0.0] * bins
    wards = [
        [ward_bins.get(w, empty)[k] + borough_bins.get(b, empty)[k] + london_bins[k] for k in range(bins)]
        for w, b in Ward.objects.values_list("pk", "borough_id")
    ]
    communities = [
        community_bins.get(c, empty)
        for c in CommunityOfInterest.objects.filter(is_active=True).values_list("pk", flat=True)
    ]
    return _calibrated(*samples(wards), row), _calibrated(*samples(communities), row)


def _weights(row: FatigueSettings) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    weights.update({k: float(v) for k, v in (row.method_weights or {}).items() if k in weights})
    return weights


STALE_CALIBRATION_DAYS = 7  # past this, a request works the thresholds out itself rather than use the last ones


def _settings_stamp(row: FatigueSettings) -> str:
    return row.updated_at.isoformat() if row.updated_at else ""


def _work_out(row: FatigueSettings) -> tuple[Thresholds, Thresholds]:
    found = calibrate(row)
    cache.set(f"{THRESHOLDS_KEY}:{_settings_stamp(row)}", (timezone.localdate(), found), None)
    return found


def recalibrate() -> tuple[Thresholds, Thresholds]:
    """Work out today's thresholds and keep them (the daily `calibrate_fatigue` job; ~1–2 s at 1,000,000 rows)."""
    return _work_out(FatigueSettings.objects.first() or FatigueSettings())


def fatigue_config() -> FatigueConfig:
    """Method weights and the calibrated thresholds. The daily job recalibrates; a request uses the last thresholds
    worked out under the current settings, and works them out itself only when there are none (first use, or the
    settings changed) or when they are more than STALE_CALIBRATION_DAYS old (the job has not run)."""
    row = FatigueSettings.objects.first() or FatigueSettings()
    kept = cache.get(f"{THRESHOLDS_KEY}:{_settings_stamp(row)}")
    stale = kept is None or (timezone.localdate() - kept[0]).days > STALE_CALIBRATION_DAYS
    found = _work_out(row) if stale else kept[1]
    ward_t, community_t = found
    return FatigueConfig(weights=_weights(row), ward=ward_t, community=community_t)


def _score(
    rows: list[tuple[int, str, datetime, float]], at: datetime, cfg: FatigueConfig, label: str, t: Thresholds
) -> Fatigue:
    """Sum of method weight × locality share over distinct occurrences (the most local row of each)."""
    since4 = at - timedelta(weeks=4)
    best: dict[tuple[int, datetime], tuple[str, float]] = {}
    for activity_id, method, starts, share in rows:
        key = (activity_id, starts)
        if key not in best or share > best[key][1]:
            best[key] = (method, share)
    s4 = s12 = 0.0
    n4 = 0
    for (_activity, starts), (method, share) in best.items():
        ask = cfg.weights.get(method, 1.0) * share
        s12 += ask
        if starts >= since4:
            s4 += ask
            n4 += 1
    s4, s12 = round(s4, 2), round(s12, 2)
    return Fatigue(label, n4, s4, t.level(s4, 4), len(best), s12, t.level(s12, 12), t)


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
    rows = [(a, m, sql.aware(s), sh) for a, m, s, sh in found]
    f = _score(rows, at, cfg, ward.name, cfg.ward)
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
        ).values_list("activity_id", "method", "starts_at", "share")
    )
    f = _score(rows, at, cfg, community.name, cfg.community)
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
    ).values_list("kind", "borough_id", "ward_id", "activity_id", "method", "starts_at", "share")
    london: list[tuple[int, str, datetime, float]] = []
    per_borough: dict[int, list[tuple[int, str, datetime, float]]] = defaultdict(list)
    per_ward: dict[int, list[tuple[int, str, datetime, float]]] = defaultdict(list)
    for kind, borough_id, ward_id, activity_id, method, starts, share in rows:
        if kind == K.WARD:
            per_ward[ward_id].append((activity_id, method, starts, share))
        elif kind == K.BOROUGH:
            per_borough[borough_id].append((activity_id, method, starts, share))
        else:
            london.append((activity_id, method, starts, share))
    found: dict[int, list[Fatigue]] = {}
    for borough in boroughs:
        common = per_borough.get(borough.pk, []) + london
        out = []
        for w in reference.wards_of(borough):
            f = _score(per_ward.get(w.pk, []) + common, at, cfg, w.name, cfg.ward)
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
    rows: dict[int, list[tuple[int, str, datetime, float]]] = defaultdict(list)
    found = ActivityPlace.objects.filter(
        community__in=[c.pk for c in communities],
        starts_at__gte=at - timedelta(weeks=12),
        starts_at__lte=at,
        audience__in=ASKS_OF_COMMUNITY,
    ).values_list("community_id", "activity_id", "method", "starts_at", "share")
    for community_id, *row in found:
        rows[community_id].append(tuple(row))  # type: ignore[arg-type]
    out = []
    for c in communities:
        f = _score(rows.get(c.pk, []), at, cfg, c.name, cfg.community)
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


# ---------------------------------------------------------------- who is never asked

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
            ward_rows.append(
                {
                    "ward": w,
                    "code": w.code,
                    "name": w.name,
                    "borough": w.borough.name,
                    "population": w.population,
                    "last": last,
                }
            )
    ward_rows.sort(key=lambda r: (-(r["population"] or 0), r["name"]))
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


# ---------------------------------------------------------------- calendar and public


@dataclass
class Occurrence:
    activity: Activity
    starts_at: datetime
    ends_at: datetime


def occurrences(
    activities: QuerySet[Activity], start: datetime, end: datetime, *, place: Q | None = None, limit: int = 2000
) -> list[Occurrence]:
    """Occurrences starting in [start, end) of the given activities, in time order."""
    fp = ActivityPlace.objects.filter(starts_at__gte=start, starts_at__lt=end, activity__in=activities.values("pk"))
    if place is not None:
        fp = fp.filter(place)
    pairs = list(fp.values_list("activity_id", "starts_at", "ends_at").distinct().order_by("starts_at")[:limit])
    acts = Activity.objects.select_related("organising_unit").in_bulk({a for a, _, _ in pairs})
    seen = set()
    out = []
    for activity_id, s, e in pairs:
        if (activity_id, s) in seen:
            continue
        seen.add((activity_id, s))
        out.append(Occurrence(acts[activity_id], s, e))
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


# ---------------------------------------------------------------- counts, consultations, standards


def counts_by_borough(activities: QuerySet[Activity]) -> list[dict[str, Any]]:
    """Planned (planned/confirmed) and held (held or later) activities touching each borough."""
    planned = set(PUBLIC_STATUSES)
    rows = (
        ActivityPlace.objects.filter(kind__in=(K.WARD, K.BOROUGH), activity__in=activities.values("pk"))
        .values("borough_id", "activity__status")
        .annotate(n=Count("activity_id", distinct=True))
    )
    table: dict[int, dict[str, int]] = defaultdict(lambda: {"planned": 0, "held": 0})
    for r in rows:
        status = r["activity__status"]
        key = "planned" if status in planned else "held"
        table[r["borough_id"]][key] += r["n"]
    names = {b.pk: (b.name, b.code) for b in reference.borough_list()}
    return [
        {"borough_id": b, "name": names[b][0], "borough_code": names[b][1], **v}
        for b, v in sorted(table.items(), key=lambda kv: names[kv[0]][0])
    ]


def counts_by_ward(activities: QuerySet[Activity], borough: Borough) -> list[dict[str, Any]]:
    rows = (
        ActivityPlace.objects.filter(kind=K.WARD, borough_id=borough.pk, activity__in=activities.values("pk"))
        .values("ward_id", "activity__status")
        .annotate(n=Count("activity_id", distinct=True))
    )
    table: dict[int, dict[str, int]] = {w.pk: {"planned": 0, "held": 0} for w in borough.wards.all()}
    for r in rows:
        key = "planned" if r["activity__status"] in PUBLIC_STATUSES else "held"
        table.setdefault(r["ward_id"], {"planned": 0, "held": 0})[key] += r["n"]
    names = dict(borough.wards.values_list("pk", "name"))
    return [
        {"ward_id": w, "name": names.get(w, "?"), **v}
        for w, v in sorted(table.items(), key=lambda kv: names.get(kv[0], ""))
    ]


def consultations_waiting_for(user: Any) -> QuerySet[PriorConsultation]:
    """Prior consultations the user's neighbourhood team has not answered yet."""
    units = scope_for(user, Capability.WORKSPACE).unit_ids
    return (
        PriorConsultation.objects.filter(team_id__in=units, state=PriorConsultation.State.WAITING)
        .select_related("activity", "activity__organising_unit", "ward", "team")
        .order_by("activity__starts_at")
    )


def consultations_for_coordinator(user: Any) -> QuerySet[PriorConsultation]:
    """Waiting prior consultations in the coordinator's places."""
    scope = scope_for(user, Capability.COORDINATE)
    qs = PriorConsultation.objects.filter(state=PriorConsultation.State.WAITING)
    if not (scope.london_wide or getattr(user, "is_superuser", False)):
        qs = qs.filter(scope.ward_q("ward"))
    return qs.select_related("activity", "activity__organising_unit", "ward", "team").order_by("activity__starts_at")


def objections_for_coordinator(user: Any) -> QuerySet[PriorConsultation]:
    """Open objections in the coordinator's places: each waits to be resolved or overruled."""
    scope = scope_for(user, Capability.COORDINATE)
    qs = PriorConsultation.objects.filter(state=PriorConsultation.State.OBJECTED).exclude(
        activity__status=Activity.Status.CANCELLED
    )
    if not (scope.london_wide or getattr(user, "is_superuser", False)):
        qs = qs.filter(scope.ward_q("ward"))
    return qs.select_related("activity", "activity__organising_unit", "ward", "team").order_by("activity__starts_at")


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
    rows = ActivityPlace.objects.filter(starts_at__gte=since, starts_at__lte=until).exclude(
        activity__status=Activity.Status.CANCELLED
    )
    if st.method:
        rows = rows.filter(method=st.method)
    if st.community_id:
        rows = rows.filter(activity__communities=st.community_id)
    return rows


def standard_result(st: MinimumStandard, borough: Borough, *, at: datetime | None = None) -> StandardResult:
    """One borough against one standard. Only activities in the borough count: a London-wide activity is
    not engagement *in* a borough; a ward-level standard counts only activities that name the ward."""
    return standard_results(st, [borough], at=at)[borough.pk]


def standard_results(
    st: MinimumStandard, boroughs: list[Borough], *, at: datetime | None = None
) -> dict[int, StandardResult]:
    """Each borough against one standard, by borough id: one read of the footprint for all of them (and one of
    the wards, unless they were prefetched)."""
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
        wards = list(borough.wards.all())
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
    chosen = list(boroughs.prefetch_related("wards"))
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
