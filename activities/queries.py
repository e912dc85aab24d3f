"""Reads of the engagement register: who may see what, filters, clashes, fatigue, calendar, standards."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from activities import footprint_sql as sql
from activities import permissions
from activities.models import (
    Activity,
    ActivityPlace,
    CommunityOfInterest,
    FatigueSettings,
    MinimumStandard,
    PriorConsultation,
    StandardBaseline,
)
from activities.recurrence import occurrence_starts
from organisations.scope import Capability, scope_for
from places.models import Borough, Ward

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
        wb = Ward.objects.filter(pk__in=ward_ids).values_list("borough_id", flat=True)
        q |= Q(kind=K.BOROUGH, borough_id__in=list(wb))
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


def public_activities() -> QuerySet[Activity]:
    """Activities the public may see: public, not cancelled, and not held back by a prior consultation."""
    return Activity.objects.filter(is_public=True, consultation_pending=False).exclude(status=Activity.Status.CANCELLED)


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


FIELDS = ("activity_id", "kind", "ward_id", "borough_id", "community_id", "starts_at", "ends_at")
# what a clash shows: enough to name it, say when, and whom to contact
CLASH_ACTIVITY_FIELDS = (
    "id",
    "title",
    "method",
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


def find_clashes(p: Proposal, *, window: timedelta | None = None, limit: int = 20) -> list[Clash]:
    """Activities of any unit sharing a place or community within `window` of the proposal, closest first."""
    window = clash_window() if window is None else window
    occurrences = p.occurrences()
    if not occurrences:
        return []
    ward_boroughs = _ward_boroughs(p.ward_ids)
    places = _proposal_places(p, ward_boroughs)
    if not places:
        return []
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
    rows = [(*r[:5], sql.aware(r[5]), sql.aware(r[6])) for r in rows]
    best: dict[int, tuple[timedelta, datetime, set[tuple[int, int | None, int | None, int | None]]]] = {}
    ward_names: dict[int, str] = {}
    borough_names: dict[int, str] = {}
    community_names: dict[int, str] = {}
    for activity_id, kind, ward_id, borough_id, community_id, rs, re_ in rows:
        gap = None
        at = rs
        for s, e in occurrences:
            if rs < e + window and re_ > s - window:
                g = max(timedelta(0), rs - e, s - re_)
                if gap is None or g < gap:
                    gap, at = g, rs
        if gap is None:
            continue
        prev = best.get(activity_id)
        reasons = prev[2] if prev else set()
        reasons.add((kind, ward_id, borough_id, community_id))
        if prev is None or gap < prev[0]:
            best[activity_id] = (gap, at, reasons)
        if ward_id:
            ward_names[ward_id] = ""
        if borough_id:
            borough_names[borough_id] = ""
        if community_id:
            community_names[community_id] = ""
    if not best:
        return []
    ranked = sorted(best.items(), key=lambda kv: (kv[1][0], kv[1][1]))[:limit]
    ward_names = sql.names(Ward._meta.db_table, set(ward_names))
    borough_names = sql.names(Borough._meta.db_table, set(borough_names))
    community_names = sql.names(CommunityOfInterest._meta.db_table, set(community_names))
    activities = (
        Activity.objects.select_related("organising_unit").only(*CLASH_ACTIVITY_FIELDS).in_bulk([a for a, _ in ranked])
    )
    out = []
    for activity_id, (gap, at, reasons) in ranked:
        texts = []
        for kind, ward_id, borough_id, community_id in reasons:
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
        out.append(Clash(activity=activities[activity_id], gap=gap, at=at, reasons=sorted(set(texts))))
    return out


# ---------------------------------------------------------------- fatigue


@dataclass
class Fatigue:
    label: str
    count_4w: int
    score_4w: float
    level_4w: str
    count_12w: int
    score_12w: float
    level_12w: str

    @property
    def message(self) -> str:
        score = _fmt(self.score_4w)
        return f"{self.label} has had {score} ask{'s' if score != '1' else ''} in 4 weeks: {self.level_4w}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "count_4w": self.count_4w,
            "score_4w": self.score_4w,
            "level_4w": self.level_4w,
            "count_12w": self.count_12w,
            "score_12w": self.score_12w,
            "level_12w": self.level_12w,
            "message": self.message,
        }


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0")


@dataclass
class FatigueConfig:
    weights: dict[str, float]
    medium_4w: float
    high_4w: float
    medium_12w: float
    high_12w: float

    def level(self, score: float, weeks: int) -> str:
        medium, high = (self.medium_4w, self.high_4w) if weeks == 4 else (self.medium_12w, self.high_12w)
        if score >= high:
            return "high"
        if score >= medium:
            return "medium"
        return "low"


def fatigue_config() -> FatigueConfig:
    row = FatigueSettings.objects.first() or FatigueSettings()
    weights = dict(DEFAULT_WEIGHTS)
    weights.update({k: float(v) for k, v in (row.method_weights or {}).items() if k in weights})
    return FatigueConfig(
        weights=weights,
        medium_4w=float(row.medium_4w),
        high_4w=float(row.high_4w),
        medium_12w=float(row.medium_12w),
        high_12w=float(row.high_12w),
    )


def _score(rows: list[tuple[int, str, datetime]], at: datetime, cfg: FatigueConfig, label: str) -> Fatigue:
    since4 = at - timedelta(weeks=4)
    acts4: dict[int, str] = {}
    acts12: dict[int, str] = {}
    for activity_id, method, starts in rows:
        acts12[activity_id] = method
        if starts >= since4:
            acts4[activity_id] = method
    s4 = round(sum(cfg.weights.get(m, 1.0) for m in acts4.values()), 2)
    s12 = round(sum(cfg.weights.get(m, 1.0) for m in acts12.values()), 2)
    return Fatigue(label, len(acts4), s4, cfg.level(s4, 4), len(acts12), s12, cfg.level(s12, 12))


def fatigue_for_ward(ward: Ward, *, at: datetime | None = None, cfg: FatigueConfig | None = None) -> Fatigue:
    """Engagement load on a ward: distinct activities (weighted by method) in the 4 and 12 weeks to `at`."""
    at = at or timezone.now()
    cfg = cfg or fatigue_config()
    since = at - timedelta(weeks=12)
    places = [("ward_id = %s", [ward.pk]), ("kind = %s AND borough_id = %s", [K.BOROUGH, ward.borough_id])]
    places.append(("kind = %s", [K.LONDON]))
    when = ("starts_at >= %s AND starts_at <= %s", [sql.dt(since), sql.dt(at)])
    found = sql.fetch(places, when, ("activity_id", "method", "starts_at"), cap=100000)
    rows = [(a, m, sql.aware(s)) for a, m, s in found]
    return _score(rows, at, cfg, ward.name)


def fatigue_for_community(
    community: CommunityOfInterest, *, at: datetime | None = None, cfg: FatigueConfig | None = None
) -> Fatigue:
    at = at or timezone.now()
    cfg = cfg or fatigue_config()
    rows = list(
        ActivityPlace.objects.filter(
            community=community, starts_at__gte=at - timedelta(weeks=12), starts_at__lte=at
        ).values_list("activity_id", "method", "starts_at")
    )
    return _score(rows, at, cfg, community.name)


def fatigue_for_borough(borough: Borough, *, at: datetime | None = None) -> list[Fatigue]:
    """Every ward of a borough, highest load first (one query)."""
    at = at or timezone.now()
    cfg = fatigue_config()
    since = at - timedelta(weeks=12)
    rows = ActivityPlace.objects.filter(
        Q(kind__in=(K.WARD, K.BOROUGH), borough_id=borough.pk) | Q(kind=K.LONDON),
        starts_at__gte=since,
        starts_at__lte=at,
    ).values_list("kind", "ward_id", "activity_id", "method", "starts_at")
    common: list[tuple[int, str, datetime]] = []
    per_ward: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    for kind, ward_id, activity_id, method, starts in rows:
        if kind == K.WARD:
            per_ward[ward_id].append((activity_id, method, starts))
        else:
            common.append((activity_id, method, starts))
    out = [_score(per_ward.get(w.pk, []) + common, at, cfg, w.name) for w in borough.wards.all()]
    out.sort(key=lambda f: (-f.score_4w, -f.score_12w, f.label))
    return out


def fatigue_for_proposal(p: Proposal) -> list[Fatigue]:
    """Load on each ward and community of a planned activity, measured up to its start."""
    cfg = fatigue_config()
    at = max(p.starts_at, timezone.now())
    out = [fatigue_for_ward(w, at=at, cfg=cfg) for w in Ward.objects.filter(pk__in=p.ward_ids[:30])]
    out += [
        fatigue_for_community(c, at=at, cfg=cfg) for c in CommunityOfInterest.objects.filter(pk__in=p.community_ids)
    ]
    return out


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


def _upcoming(places: list[Q], limit: int) -> list[Activity]:
    now = timezone.now()
    public = Q(activity__is_public=True, activity__status__in=PUBLIC_STATUSES, activity__consultation_pending=False)
    found: list[tuple[datetime, int]] = []
    for place in places:
        for when in (Q(starts_at__gte=now - LONG, ends_at__gte=now), Q(is_long=True, ends_at__gte=now)):
            found += [
                (s, a)
                for a, s in ActivityPlace.objects.filter(place, when, public)
                .order_by("starts_at")
                .values_list("activity_id", "starts_at")[: limit * 20]
            ]
    found.sort()
    ids: list[int] = []
    next_start: dict[int, datetime] = {}
    for s, activity_id in found:
        if activity_id not in next_start:
            next_start[activity_id] = s
            ids.append(activity_id)
        if len(ids) >= limit:
            break
    acts = Activity.objects.select_related("organising_unit").in_bulk(ids)
    out = []
    for i in ids:
        a = acts[i]
        a.next_start = next_start[i]  # type: ignore[attr-defined]
        a.next_end = next_start[i] + a.duration  # type: ignore[attr-defined]
        out.append(a)
    return out


def upcoming_public_for_ward(ward: Ward, *, limit: int = 10) -> list[Activity]:
    """Public activities in a ward (including borough-wide and London-wide ones) yet to happen, soonest first.

    Each has `next_start`/`next_end`: its next occurrence.
    """
    return _upcoming([Q(ward_id=ward.pk), Q(kind=K.BOROUGH, borough_id=ward.borough_id), Q(kind=K.LONDON)], limit)


def upcoming_public_for_borough(borough: Borough, *, limit: int = 10) -> list[Activity]:
    return _upcoming(
        [Q(kind=K.WARD, borough_id=borough.pk), Q(kind=K.BOROUGH, borough_id=borough.pk), Q(kind=K.LONDON)], limit
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
    names = {pk: (name, code) for pk, name, code in Borough.objects.values_list("pk", "name", "code")}
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
    until = at or timezone.now()
    since = until - timedelta(days=st.period_days)
    rows = _standard_rows(st, since, until)
    rule = standard_rule(st)
    if st.level == MinimumStandard.Level.BOROUGH:
        ids = sorted(
            set(rows.filter(kind__in=(K.WARD, K.BOROUGH), borough_id=borough.pk).values_list("activity_id", flat=True))
        )
        met = len(ids) >= st.min_count
        detail = f"{len(ids)} of {st.min_count} needed" if ids else f"None in the borough (0 of {st.min_count} needed)"
        return StandardResult(st, borough, met, detail, rule, ids, since=since, until=until)
    wards = list(borough.wards.all())
    per_ward: dict[int, set[int]] = defaultdict(set)
    for ward_id, activity_id in rows.filter(kind=K.WARD, borough_id=borough.pk).values_list("ward_id", "activity_id"):
        per_ward[ward_id].add(activity_id)
    short = sorted(w.name for w in wards if len(per_ward.get(w.pk, ())) < st.min_count)
    ids = sorted({a for found in per_ward.values() for a in found})
    met = not short
    more = "…" if len(short) > 5 else ""
    detail = (
        f"All {len(wards)} wards" if met else f"{len(short)} of {len(wards)} wards short: {', '.join(short[:5])}{more}"
    )
    return StandardResult(st, borough, met, detail, rule, ids, short, len(wards), since, until)


def standards_report(boroughs: QuerySet[Borough], *, at: datetime | None = None) -> list[dict[str, Any]]:
    """For each borough, whether it meets each active minimum standard over the standard's period."""
    at = at or timezone.now()
    standards = list(MinimumStandard.objects.filter(is_active=True).select_related("community"))
    out = []
    for borough in boroughs.prefetch_related("wards"):
        results = [standard_result(st, borough, at=at) for st in standards]
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
