"""Clearly fictional tension demonstration data: two weeks of assessments for a few boroughs and London, items
behind them, a Lewisham ward and community with levels of their own, and one tier-3 event record. Every text
says it is fictional; places are real. Idempotent."""

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from activities.models import CommunityOfInterest
from places.models import Borough, Ward
from tension.models import (
    Advice,
    AdvisoryMember,
    AreaLevel,
    Assessment,
    ImpactAssessment,
    Incident,
    Item,
    TimelineEntry,
)

FICTIONAL = "[Fictional demonstration] "
# borough name -> (last week's level, this week's level, trend)
LEVELS = {
    "Lewisham": (2, 3, "rising"),
    "Lambeth": (3, 3, "steady"),
    "Southwark": (2, 2, "steady"),
    "Hackney": (4, 3, "falling"),
    "Croydon": (1, 2, "rising"),
}
ITEMS = [
    ("evidenced", "police", "A", "Graffiti targeting a community centre was reported and removed."),
    ("experienced", "community_contact", "B", "Residents say they feel uneasy after an online rumour."),
    ("potential", "open_source", "C", "A gathering is being promoted online for the weekend."),
    (
        "experienced",
        "local_authority",
        "B",
        "The council's community safety team heard concerns at a residents' meeting.",
    ),
]


def _monday(day: Any) -> Any:
    return day - timedelta(days=day.weekday())


def _standing_apart(lewisham: Borough, week: Any) -> None:
    """In Lewisham's week: a ward and a community with levels of their own (planners see them as notices)."""
    assessment = Assessment.objects.get(borough=lewisham, week_starting=week)
    ward = Ward.objects.filter(borough=lewisham, name="Catford South").first()
    if ward is not None:
        AreaLevel.objects.get_or_create(
            assessment=assessment,
            ward=ward,
            defaults={"level": 4, "trend": "rising", "note": FICTIONAL + "Leaflets pushed through doors."},
        )
    community = CommunityOfInterest.objects.filter(is_active=True).order_by("name").first()
    if community is not None:
        AreaLevel.objects.get_or_create(
            assessment=assessment,
            community=community,
            defaults={"level": 3, "trend": "steady", "note": FICTIONAL + "Worry after an online rumour."},
        )


@transaction.atomic
def load(stdout: Any = None) -> None:
    if Assessment.objects.filter(summary__startswith=FICTIONAL).exists():
        return
    this_week = _monday(timezone.localdate())
    last_week = this_week - timedelta(days=7)
    boroughs = {b.name: b for b in Borough.objects.filter(name__in=LEVELS)}
    for name, (before, now, trend) in LEVELS.items():
        borough = boroughs.get(name)
        if borough is None:
            continue
        for week, level, status in ((last_week, before, "published"), (this_week, now, "published")):
            Assessment.objects.get_or_create(
                borough=borough,
                week_starting=week,
                defaults={
                    "level": level,
                    "trend": trend,
                    "status": status,
                    "published_at": timezone.now(),
                    "summary": FICTIONAL + f"{name}: tension assessed at level {level}; see the items.",
                },
            )
        for category, source, grade, text in ITEMS:
            Item.objects.create(
                borough=borough,
                week_starting=this_week,
                category=category,
                source_type=source,
                reliability=grade,
                text=FICTIONAL + text,
            )
    Assessment.objects.get_or_create(
        borough=None,
        week_starting=this_week,
        defaults={
            "level": 2,
            "trend": "steady",
            "status": "published",
            "published_at": timezone.now(),
            "summary": FICTIONAL + "London as a whole: guarded.",
        },
    )
    lewisham = boroughs.get("Lewisham")
    if lewisham is None:
        return
    _standing_apart(lewisham, this_week)
    incident = Incident.objects.create(
        title=FICTIONAL + "Weekend march through Lewisham",
        kind=Incident.Kind.PROTEST,
        description=FICTIONAL + "A planned march and a counter-protest; no real event.",
        starts_on=this_week + timedelta(days=5),
        ends_on=this_week + timedelta(days=6),
        gold_commander="Ch Supt Alex Example (fictional)",
        silver_commander="Supt Sam Sample (fictional)",
    )
    incident.boroughs.set([lewisham])
    ImpactAssessment.objects.create(
        incident=incident,
        assessed_on=this_week,
        next_review_on=this_week + timedelta(days=3),
        level=3,
        background=FICTIONAL + "Two groups plan to march on the same day.",
        communities_affected=FICTIONAL + "Faith communities near the route; local businesses.",
        impact=FICTIONAL + "Fear of confrontation near places of worship.",
        mitigation=FICTIONAL + "Reassurance patrols; faith leaders as marshals; daily messages.",
    )
    adviser = AdvisoryMember.objects.create(
        incident=incident,
        name="Jo Placeholder (fictional)",
        kind=AdvisoryMember.Kind.IAG,
        affiliation="Fictional borough IAG",
        briefed_on=this_week,
    )
    Advice.objects.create(
        incident=incident,
        adviser=adviser,
        given_on=this_week,
        advice=FICTIONAL + "Brief faith leaders before the route is published.",
        decision=FICTIONAL + "Agreed: briefing held the day before.",
        decided_by="Silver (fictional)",
    )
    TimelineEntry.objects.create(
        incident=incident,
        at=timezone.make_aware(datetime.combine(this_week, time(9, 0))),
        kind=TimelineEntry.Kind.BRIEFING,
        text=FICTIONAL + "Advisory cell briefed on the plan.",
    )
    if stdout is not None:
        stdout.write("Tension: fictional assessments, items and one event record.\n")
