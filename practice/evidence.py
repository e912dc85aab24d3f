"""A ward's evidence, read from the other apps when its plan is shown, and the gaps it suggests.

Residents' shares come from Census 2021 (the ward's own counts where shipped: sex, disability, country of
birth; otherwise its borough's percentages: age, ethnic group). Participants' shares come from the register:
the people who came to the ward's held activities in the last six months (each activity's recorded attendance,
else the attendance its group's minutes record, else its reach), and the share of them at activities aimed at
each community. The register counts people per activity, not who each person is, so "participants" here means
people at activities for the community: a measure of effort, not a head count.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Q
from django.utils import timezone

from activities import queries as activity_queries
from activities.models import Activity
from feedback import queries as feedback_queries
from groups import queries as group_queries
from places.models import CensusFigure, Ward
from priorities import queries as priority_queries

WINDOW = timedelta(days=182)  # six months
HELD = (Activity.Status.HELD, Activity.Status.OUTCOME_RECORDED, Activity.Status.FEEDBACK_GIVEN)
# A gap is suggested when a community's share of participants is under this fraction of its share of residents.
UNDER = 0.5
# Communities smaller than this share of residents are not suggested (too small for the figures to mean much).
SMALLEST = 0.03
# Census figures, groups, priorities, feedback and fatigue change slowly: a plan shows them read at most this long ago.
CONTEXT_SECONDS = 300


@dataclass(frozen=True)
class Resident:
    """A part of the population the census counts, and the community of interest that reaches it."""

    label: str
    community: str  # CommunityOfInterest name
    topic: str
    categories: tuple[str, ...]


RESIDENTS = (
    Resident("Young people (under 25)", "Young people", "Age", ("0 to 14", "15 to 24")),
    Resident("Older people (65 and over)", "Older people", "Age", ("65 to 74", "75 and over")),
    Resident("Disabled people", "Disabled people", "Disability", ("Disabled under the Equality Act",)),
    Resident(
        "Black residents",
        "Black communities",
        "Ethnic group",
        ("Black, Black British, Black Welsh, Caribbean or African",),
    ),
)


@dataclass
class Share:
    resident: Resident
    residents: float | None  # 0..1, None: no census figure
    source: str  # "ward" or "borough"
    participants: float | None  # 0..1 of the people who came, None: nobody recorded
    activities: int  # held activities for the community in the window
    last: datetime | None  # the latest activity for the community, any time

    @property
    def residents_pct(self) -> int | None:
        return None if self.residents is None else round(self.residents * 100)

    @property
    def participants_pct(self) -> int | None:
        return None if self.participants is None else round(self.participants * 100)


@dataclass
class Evidence:
    ward: Ward
    since: datetime
    population: int | None
    shares: list[Share]
    held: int
    people: int  # who came: attendance where recorded, else the group's minutes, else reach
    without_figures: int  # held activities with none of the three recorded
    methods: list[tuple[str, int]]
    fatigue: str
    groups: list[tuple[str, str]]
    priorities: list[str]
    feedback: list[str]
    gaps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What the plan shows from outside the register's last six months: slow to change, so kept for a few
    minutes (one cache read) while the register's activities are read live."""

    residents: dict[str, tuple[float | None, str]]
    last: dict[str, datetime]
    fatigue: str
    groups: list[tuple[str, str]]
    priorities: list[str]
    feedback: list[str]


def people(attendance: int | None, minutes: int | None, reach: int | None) -> int | None:
    """Who came to one activity: its recorded attendance, else the group's minutes, else its reach (None: none)."""
    for n in (attendance, minutes, reach):
        if n is not None:
            return n
    return None


def resident_shares(ward: Ward) -> dict[str, tuple[float | None, str]]:
    """Each resident group's share of the ward (`resident_share`), read in one query."""
    topics = {r.topic for r in RESIDENTS}
    rows = CensusFigure.objects.filter(
        Q(ward=ward, unit=CensusFigure.Unit.COUNT)
        | Q(borough_id=ward.borough_id, ward__isnull=True, unit=CensusFigure.Unit.PERCENT),
        topic__in=topics,
    ).values_list("ward_id", "topic", "category", "value")
    counts: dict[str, dict[str, float]] = {}
    percents: dict[str, dict[str, float]] = {}
    for ward_id, topic, category, value in rows:
        (counts if ward_id else percents).setdefault(topic, {})[category] = value
    out: dict[str, tuple[float | None, str]] = {}
    for r in RESIDENTS:
        mine = counts.get(r.topic, {})
        total = sum(mine.values())
        if total:
            out[r.label] = (sum(mine.get(c, 0.0) for c in r.categories) / total, "ward")
            continue
        values = [v for c, v in percents.get(r.topic, {}).items() if c in r.categories]
        out[r.label] = (sum(values) / 100, "borough") if values else (None, "")
    return out


def resident_share(ward: Ward, resident: Resident) -> tuple[float | None, str]:
    """The share of the ward's residents in `resident`'s categories: the ward's counts, else its borough's %."""
    return resident_shares(ward)[resident.label]


def ward_activities(ward: Ward, since: datetime, until: datetime) -> Any:
    """Held activities in the ward (named for it, or for its whole borough) that started in the window."""
    places = Q(wards=ward) | Q(boroughs=ward.borough_id)
    return (
        Activity.objects.filter(places, status__in=HELD, starts_at__gte=since, starts_at__lte=until)
        .exclude(audience__in=(Activity.Audience.INTERNAL, Activity.Audience.PARTNERS))
        .distinct()
    )


def people_at(activities: Any) -> dict[int, int | None]:
    """Who came to each of the activities (`people`), in one query."""
    rows = activities.annotate(minutes=group_queries.people_at_meeting()).values_list(
        "pk", "attendance", "minutes", "reach"
    )
    return {pk: people(attendance, minutes, reach) for pk, attendance, minutes, reach in rows}


def last_for_community(ward: Ward, names: Iterable[str]) -> dict[str, datetime]:
    places = Q(wards=ward) | Q(boroughs=ward.borough_id)
    rows = (
        Activity.objects.filter(places, status__in=HELD, communities__name__in=list(names))
        .values("communities__name")
        .annotate(last=Max("starts_at"))
    )
    return {r["communities__name"]: r["last"] for r in rows}


def context(ward: Ward, at: datetime) -> Context:
    return Context(
        residents=resident_shares(ward),
        last=last_for_community(ward, [r.community for r in RESIDENTS]),
        fatigue=activity_queries.fatigue_for_ward(ward, at=at).message,
        groups=[
            (g.name, g.get_kind_display())
            for g in group_queries.groups_for_ward(ward, public_only=False, london=False)[:20]
        ],
        priorities=[str(p) for p in priority_queries.current_priorities(ward)[:10]],
        feedback=[str(f) for f in feedback_queries.for_ward(ward)[:5]],
    )


def cached_context(ward: Ward) -> Context:
    key = f"practice:plan-context:{ward.pk}"
    found: Context | None = cache.get(key)
    if found is None:
        found = context(ward, timezone.now())
        cache.set(key, found, CONTEXT_SECONDS)
    return found


def suggest_gaps(shares: list[Share], attendance: int) -> list[str]:
    """Plain sentences naming who is under-represented among participants compared with residents."""
    gaps = []
    for s in shares:
        if s.residents is None or s.residents < SMALLEST:
            continue
        none = "no activity for them in 6 months" if not s.activities else ""
        if attendance and s.participants is not None and s.participants < UNDER * s.residents:
            text = f"{s.resident.label} are {s.residents_pct} % of residents and {s.participants_pct} % of participants"
            gaps.append(f"{text}; {none}" if none else text)
        elif none:
            gaps.append(f"{s.resident.label} are {s.residents_pct} % of residents; {none}")
    return gaps


def for_ward(ward: Ward, *, at: datetime | None = None) -> Evidence:
    """The ward's evidence: the register's last six months read live (one query), the rest `cached_context`."""
    until = at or timezone.now()
    since = until - WINDOW
    ctx = context(ward, until) if at else cached_context(ward)
    places = Q(wards=ward) | Q(boroughs=ward.borough_id)
    rows = (
        Activity.objects.filter(places, status__in=HELD, starts_at__gte=since, starts_at__lte=until)
        .exclude(audience__in=(Activity.Audience.INTERNAL, Activity.Audience.PARTNERS))
        .annotate(minutes=group_queries.people_at_meeting())
        .values_list("pk", "method", "starts_at", "attendance", "minutes", "reach", "communities__name")
        .distinct()
    )
    came: dict[int, int | None] = {}
    methods_of: dict[int, str] = {}
    per: dict[str, dict[int, datetime]] = {}
    for pk, method, starts_at, attendance, minutes, reach, community in rows:
        came[pk] = people(attendance, minutes, reach)
        methods_of[pk] = method
        if community:
            per.setdefault(community, {})[pk] = starts_at
    total = sum(n or 0 for n in came.values())
    shares = []
    for r in RESIDENTS:
        residents, source = ctx.residents[r.label]
        mine = per.get(r.community, {})
        latest = max([*mine.values(), *([ctx.last[r.community]] if r.community in ctx.last else [])], default=None)
        reached = sum(came[pk] or 0 for pk in mine)
        shares.append(Share(r, residents, source, reached / total if total else None, len(mine), latest))
    methods: dict[str, int] = {}
    for method in methods_of.values():
        methods[method] = methods.get(method, 0) + 1
    labels = dict(Activity.Method.choices)
    evidence = Evidence(
        ward=ward,
        since=since,
        population=ward.population,
        shares=shares,
        held=len(came),
        people=total,
        without_figures=sum(1 for n in came.values() if n is None),
        methods=sorted(((str(labels.get(m, m)), n) for m, n in methods.items()), key=lambda x: -x[1]),
        fatigue=ctx.fatigue,
        groups=ctx.groups,
        priorities=ctx.priorities,
        feedback=ctx.feedback,
    )
    evidence.gaps = suggest_gaps(shares, total)
    return evidence


def achieved(target: Any, ward: Ward, since: datetime, until: datetime) -> int:
    """What the register shows against one target: activities held, or people who came (`people`)."""
    qs = ward_activities(ward, since, until)
    if target.community_id:
        qs = qs.filter(communities=target.community_id)
    if target.method:
        qs = qs.filter(method=target.method)
    if target.measure == "attendance":
        return sum(n or 0 for n in people_at(Activity.objects.filter(pk__in=qs.values("pk"))).values())
    return qs.count()
