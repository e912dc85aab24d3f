"""A ward's evidence, read from the other apps when its plan is shown, and the gaps it suggests.

Residents' shares come from Census 2021 (the ward's own counts where shipped: sex, disability, country of
birth; otherwise its borough's percentages: age, ethnic group). Participants' shares come from the register:
people recorded as attending the ward's held activities in the last six months, and the share of them at
activities aimed at each community. The register records attendance per activity, not who each person is,
so "participants" here means attendance at activities for the community: a measure of effort, not a head count.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max, Q, Sum
from django.utils import timezone

from activities import queries as activity_queries
from activities.models import Activity, CommunityOfInterest
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
    participants: float | None  # 0..1 of attendance, None: no attendance recorded
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
    attendance: int
    methods: list[tuple[str, int]]
    fatigue: Any
    groups: list[Any]
    priorities: list[Any]
    feedback: list[Any]
    gaps: list[str] = field(default_factory=list)


def resident_share(ward: Ward, resident: Resident) -> tuple[float | None, str]:
    """The share of the ward's residents in `resident`'s categories: the ward's counts, else its borough's %."""
    counts = {
        f.category: f.value
        for f in CensusFigure.objects.filter(ward=ward, topic=resident.topic, unit=CensusFigure.Unit.COUNT)
    }
    total = sum(counts.values())
    if total:
        return sum(counts.get(c, 0.0) for c in resident.categories) / total, "ward"
    percents = CensusFigure.objects.filter(
        borough_id=ward.borough_id,
        ward__isnull=True,
        topic=resident.topic,
        category__in=resident.categories,
        unit=CensusFigure.Unit.PERCENT,
    )
    values = [f.value for f in percents]
    if not values:
        return None, ""
    return sum(values) / 100, "borough"


def ward_activities(ward: Ward, since: datetime, until: datetime) -> Any:
    """Held activities in the ward (named for it, or for its whole borough) that started in the window."""
    places = Q(wards=ward) | Q(boroughs=ward.borough_id)
    return (
        Activity.objects.filter(places, status__in=HELD, starts_at__gte=since, starts_at__lte=until)
        .exclude(audience__in=(Activity.Audience.INTERNAL, Activity.Audience.PARTNERS))
        .distinct()
    )


def participant_shares(ward: Ward, since: datetime, until: datetime) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """Held activities, total attendance, and per community name: (activities, attendance)."""
    held = ward_activities(ward, since, until)
    ids = list(held.values_list("pk", flat=True))
    attendance = Activity.objects.filter(pk__in=ids).aggregate(n=Sum("attendance"))["n"] or 0
    per: dict[str, tuple[int, int]] = {}
    for c in CommunityOfInterest.objects.filter(activities__pk__in=ids).distinct():
        mine = Activity.objects.filter(pk__in=ids, communities=c)
        per[c.name] = (mine.count(), mine.aggregate(n=Sum("attendance"))["n"] or 0)
    return len(ids), attendance, per


def last_for_community(ward: Ward, names: Iterable[str]) -> dict[str, datetime]:
    places = Q(wards=ward) | Q(boroughs=ward.borough_id)
    rows = (
        Activity.objects.filter(places, status__in=HELD, communities__name__in=list(names))
        .values("communities__name")
        .annotate(last=Max("starts_at"))
    )
    return {r["communities__name"]: r["last"] for r in rows}


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
    until = at or timezone.now()
    since = until - WINDOW
    held, attendance, per = participant_shares(ward, since, until)
    last = last_for_community(ward, [r.community for r in RESIDENTS])
    shares = []
    for r in RESIDENTS:
        residents, source = resident_share(ward, r)
        count, people = per.get(r.community, (0, 0))
        shares.append(
            Share(r, residents, source, people / attendance if attendance else None, count, last.get(r.community))
        )
    methods: dict[str, int] = {}
    for method in ward_activities(ward, since, until).values_list("method", flat=True):
        methods[method] = methods.get(method, 0) + 1
    labels = dict(Activity.Method.choices)
    evidence = Evidence(
        ward=ward,
        since=since,
        population=ward.population,
        shares=shares,
        held=held,
        attendance=attendance,
        methods=sorted(((str(labels.get(m, m)), n) for m, n in methods.items()), key=lambda x: -x[1]),
        fatigue=activity_queries.fatigue_for_ward(ward, at=until),
        groups=list(group_queries.groups_for_ward(ward, public_only=False, london=False)[:20]),
        priorities=list(priority_queries.current_priorities(ward)[:10]),
        feedback=list(feedback_queries.for_ward(ward)[:5]),
    )
    evidence.gaps = suggest_gaps(shares, attendance)
    return evidence


def achieved(target: Any, ward: Ward, since: datetime, until: datetime) -> int:
    """What the register shows against one target: activities held, or people attending."""
    qs = ward_activities(ward, since, until)
    if target.community_id:
        qs = qs.filter(communities=target.community_id)
    if target.method:
        qs = qs.filter(method=target.method)
    if target.measure == "attendance":
        return int(Activity.objects.filter(pk__in=qs.values("pk")).aggregate(n=Sum("attendance"))["n"] or 0)
    return qs.count()
