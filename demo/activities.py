"""Demo data: a believable, clearly fictional year of engagement across London by several units.

Places and units are real; titles, venues and leads are invented (leads are "(demo)" people at
demo.engagehub.invalid). The standing forums of seed 002 appear as recurring central activities with
the frequencies the seed gives. Idempotent: nothing is added if the demo activities already exist.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from activities import services
from activities.models import Activity, CommunityOfInterest, MinimumStandard, Operation
from organisations.models import Unit
from places.models import Borough, Ward

DEMO_DOMAIN = "demo.engagehub.invalid"
M = Activity.Method

COMMUNITIES = [
    ("Young people", "Children and young people under 25"),
    ("Muslim communities", ""),
    ("Jewish communities", ""),
    ("Sikh communities", ""),
    ("Faith communities", "Leaders and members of all faiths"),
    ("LGBT+ communities", ""),
    ("Disabled people", ""),
    ("Black communities", ""),
    ("Somali community", ""),
    ("Chinese and South East Asian communities", ""),
    ("Polish-speaking community", "A language community"),
    ("Older people", ""),
    ("Businesses", "Local traders, business improvement districts and the night-time economy"),
    ("Victims and witnesses", ""),
    ("Staff support associations", "Internal: associations representing police staff and officers"),
]

# Communities the census counts, with the Census 2021 figure that sizes them ("who is never asked").
CENSUS_COMMUNITIES = {
    "Disabled people": ("Disability", "Disabled under the Equality Act"),
    "Black communities": ("Ethnic group", "Black, Black British, Black Welsh, Caribbean or African"),
    "Chinese and South East Asian communities": ("Ethnic group", "Asian, Asian British or Asian Welsh"),
}

# Seed 002, Tier 1: the standing forums whose frequency the seed gives.
# Whom each engages: advisory groups ask something of their community; staff calls ask nothing of the public.
A = Activity.Audience
STANDING_FORUMS = [
    ("Central Youth Independent Advisory Group", "weekly", M.PANEL_MEETING, ["Young people"], A.COMMUNITY),
    ("London Muslim Community Forum", "weekly", M.PANEL_MEETING, ["Muslim communities"], A.COMMUNITY),
    ("Staff Support Association meeting", "weekly", M.ONLINE_EVENT, ["Staff support associations"], A.INTERNAL),
    ("RACE Independent Advisory Group", "fortnightly", M.PANEL_MEETING, ["Black communities"], A.COMMUNITY),
    ("Faith officers call", "weekly", M.ONLINE_EVENT, ["Faith communities"], A.INTERNAL),
    ("LGBT+ Advisory Group call", "monthly", M.ONLINE_EVENT, ["LGBT+ communities"], A.COMMUNITY),
    ("Faith Leaders Call", "six_weekly", M.ONLINE_EVENT, ["Faith communities"], A.PARTNERS),
]

LEADS = [
    "Alex Marrowfield (demo)",
    "Bea Tollington (demo)",
    "Chris Wendover (demo)",
    "Devi Harcastle (demo)",
    "Eamon Quillfeather (demo)",
    "Femi Rookwood (demo)",
    "Gail Penhallow (demo)",
    "Hari Blackthorne (demo)",
]
VENUES = [
    "Community centre main hall (demo venue)",
    "Public library meeting room (demo venue)",
    "Youth club (demo venue)",
    "Church hall (demo venue)",
    "Mosque community room (demo venue)",
    "Tenants' association room (demo venue)",
    "High street outside the station (demo venue)",
    "Secondary school assembly hall (demo venue)",
]
ACCESS = "Step-free access, hearing loop, accessible toilet."
FOCUS_BOROUGHS = ["Lewisham", "Lambeth", "Southwark", "Hackney", "Croydon", "Camden"]

LOCAL_KINDS: list[tuple[Any, str, str, list[str]]] = [
    (
        M.STREET_BRIEFING,
        "Street briefing: {ward}",
        "To hear residents' concerns about crime and antisocial behaviour.",
        [],
    ),
    (
        M.SCHOOL_VISIT,
        "Safer schools assembly in {ward}",
        "To talk to pupils about staying safe and reporting.",
        ["Young people"],
    ),
    (M.PUBLIC_MEETING, "{ward} community meeting", "To agree the ward's policing priorities with residents.", []),
    (M.LEAFLET_DROP, "Burglary prevention leaflets: {ward}", "To tell residents how to protect their homes.", []),
    (
        M.DOOR_KNOCKING,
        "Door-knocking after local incidents in {ward}",
        "To reassure residents and gather information.",
        ["Victims and witnesses"],
    ),
    (
        M.FOCUS_GROUP,
        "Traders' focus group: {ward}",
        "To understand shop theft and its effect on businesses.",
        ["Businesses"],
    ),
    (
        M.WORKSHOP,
        "Scam awareness workshop, {ward}",
        "To help older residents recognise and report scams.",
        ["Older people"],
    ),
]


def _lead(rng: random.Random) -> dict[str, str]:
    name = rng.choice(LEADS)
    local = name.split(" (")[0].lower().replace(" ", ".")
    return {"lead_name": name, "lead_email": f"{local}@{DEMO_DOMAIN}", "lead_phone": "020 7946 0000"}


def _at(d: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, minute)))


def _status(starts: datetime, rng: random.Random, now: datetime) -> dict[str, Any]:
    if starts > now:
        return {"status": rng.choice([Activity.Status.PLANNED, Activity.Status.CONFIRMED])}
    status = rng.choice([Activity.Status.HELD, Activity.Status.OUTCOME_RECORDED, Activity.Status.FEEDBACK_GIVEN])
    out: dict[str, Any] = {"status": status, "attendance": rng.randint(6, 80)}
    if status != Activity.Status.HELD:
        out["outcome_notes"] = "Residents raised parking, drug dealing near the park and youth provision (demo)."
    if status == Activity.Status.FEEDBACK_GIVEN:
        out["feedback_notes"] = "Summary posted on the ward page and sent to attendees (demo)."
    return out


def _record(data: dict[str, Any]) -> Activity | None:
    return services.record_activity(by="demo loader", data=data, check_scope=False)


@transaction.atomic
def load(stdout: Any = None) -> None:
    if Activity.objects.filter(lead_email__endswith=f"@{DEMO_DOMAIN}").exists():
        if stdout:
            stdout.write("  activities: demo already loaded")
        return
    from django.utils.text import slugify

    for name, description in COMMUNITIES:
        topic, category = CENSUS_COMMUNITIES.get(name, ("", ""))
        CommunityOfInterest.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "description": description, "census_topic": topic, "census_category": category},
        )
    community = {c.name: c for c in CommunityOfInterest.objects.all()}
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    now = timezone.now()
    today = timezone.localdate()
    year_start = today - timedelta(days=240)
    year_end = today + timedelta(days=125)
    units = {u.short_name: u for u in Unit.objects.exclude(short_name="")}
    cpie = units.get("CPIE") or units.get("TP")
    count = 0

    # Tier 1: standing central forums, London-wide, restricted (by invitation).
    for title, recurrence, method, comms, audience in STANDING_FORUMS:
        first = year_start + timedelta(days=(3 - year_start.weekday()) % 7)  # a Thursday
        _record(
            {
                "title": title,
                "purpose": "A standing forum in which community members advise the service (seed 002, Tier 1).",
                "use_of_results": "Advice is recorded and taken to the relevant business group's leadership.",
                "method": method,
                "tier": Activity.Tier.CENTRAL,
                "organising_unit": cpie,
                "london_wide": True,
                "communities": [community[c] for c in comms],
                "audience": audience,
                "starts_at": _at(first, 18, 0),
                "ends_at": _at(first, 19, 30),
                "recurrence": recurrence,
                "repeat_until": year_end,
                "venue": "Online (demo)",
                "is_public": False,
                "pre_planned": True,
                "status": Activity.Status.CONFIRMED,
                **_lead(rng),
            }
        )
        count += 1

    # Tier 2: ward panels (quarterly) and local activity by neighbourhood teams in six boroughs.
    boroughs = list(Borough.objects.filter(name__in=FOCUS_BOROUGHS))
    teams = {u.ward_id: u for u in Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward__borough__in=boroughs)}
    for ward in Ward.objects.filter(borough__in=boroughs).select_related("borough"):
        team = teams.get(ward.pk)
        if team is None:
            continue
        first = year_start + timedelta(days=rng.randint(0, 80))
        _record(
            {
                "title": f"{ward.name} ward panel",
                "purpose": "The ward panel sets and reviews the neighbourhood team's priorities.",
                "use_of_results": "Priorities are published on the ward page and reviewed at the next panel.",
                "method": M.PANEL_MEETING,
                "tier": Activity.Tier.BUSINESS_GROUP,
                "organising_unit": team,
                "wards": [ward],
                "starts_at": _at(first, 19),
                "ends_at": _at(first, 20, 30),
                "recurrence": "quarterly",
                "repeat_until": year_end,
                "venue": rng.choice(VENUES),
                "venue_accessibility": ACCESS,
                "status": Activity.Status.CONFIRMED,
                **_lead(rng),
            }
        )
        count += 1
        for _ in range(rng.randint(1, 3)):
            method, title, purpose, comms = rng.choice(LOCAL_KINDS)
            d = year_start + timedelta(days=rng.randint(0, (year_end - year_start).days))
            starts = _at(d, rng.choice([10, 14, 16, 18]))
            _record(
                {
                    "title": title.format(ward=ward.name),
                    "purpose": purpose,
                    "method": method,
                    "organising_unit": team,
                    "wards": [ward],
                    "communities": [community[c] for c in comms],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "venue": rng.choice(VENUES),
                    "venue_accessibility": ACCESS,
                    **_status(starts, rng, now),
                    **_lead(rng),
                }
            )
            count += 1

    # Each focus borough: a quarterly youth engagement event (meets the youth standard).
    for borough in boroughs:
        for q in range(4):
            d = year_start + timedelta(days=20 + q * 91 + rng.randint(0, 30))
            starts = _at(d, 16)
            _record(
                {
                    "title": f"{borough.name} youth engagement evening",
                    "purpose": "To hear young people's experience of policing and safety.",
                    "use_of_results": "Fed into the borough's youth engagement plan.",
                    "method": M.WORKSHOP,
                    "organising_unit": units.get(f"{borough.command_unit.name} BCU") if borough.command_unit else cpie,
                    "boroughs": [borough],
                    "communities": [community["Young people"]],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "venue": "Youth club (demo venue)",
                    "venue_accessibility": ACCESS,
                    **_status(starts, rng, now),
                    **_lead(rng),
                }
            )
            count += 1

    # Other business groups plan in the same wards: clashes, fatigue and prior consultation show up.
    lambeth = Borough.objects.filter(name="Lambeth").first()
    # (Brixton Hill became Brixton Windrush in the 2022 wards)
    brixton_hill = Ward.objects.filter(name="Brixton Windrush", borough=lambeth).first()
    extra_units: list[Unit] = [units[s] for s in ("CO15", "SO15", "CTSET", "CO11", "SRAU", "DPA") if s in units]
    if brixton_hill is not None and lambeth is not None and extra_units:
        for i in range(8):
            d = today - timedelta(days=3 + i * 3)
            unit = extra_units[i % len(extra_units)]
            starts = _at(d, 11 + i % 6)
            _record(
                {
                    "title": f"{unit.short_name} community conversation, {brixton_hill.name} (demo {i + 1})",
                    "purpose": "To explain the unit's work locally and hear concerns.",
                    "method": [M.STREET_BRIEFING, M.FOCUS_GROUP, M.PUBLIC_MEETING, M.SURVEY][i % 4],
                    "organising_unit": unit,
                    "wards": [brixton_hill],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "venue": rng.choice(VENUES),
                    **_status(starts, rng, now),
                    **_lead(rng),
                }
            )
            count += 1
        for i, unit in enumerate(extra_units):
            ward = rng.choice(list(Ward.objects.filter(borough=lambeth)))
            d = today + timedelta(days=5 + i * 4)
            starts = _at(d, 18)
            _record(
                {
                    "title": f"{unit.short_name} roadshow in {ward.name}",
                    "purpose": "To meet residents and explain how to contact the unit.",
                    "use_of_results": "Questions are answered on the unit's page.",
                    "method": M.PUBLIC_MEETING,
                    "organising_unit": unit,
                    "wards": [ward],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "venue": rng.choice(VENUES),
                    "venue_accessibility": ACCESS,
                    "status": Activity.Status.PLANNED,
                    **_lead(rng),
                }
            )
            count += 1
        # Tier 3: reassurance before and after a (fictional) operation.
        op_unit: Unit = units.get("CO20") or extra_units[0]
        operation, _ = Operation.objects.get_or_create(
            name="Operation Larkspur (fictional demo)",
            defaults={
                "organising_unit": op_unit,
                "starts_on": today + timedelta(days=14),
                "ends_on": today + timedelta(days=15),
                "description": "A fictional high-impact operation used to show reassurance engagement.",
            },
        )
        operation.boroughs.set([lambeth])
        for phase, offset in (("before", 10), ("after", 18)):
            starts = _at(today + timedelta(days=offset), 12)
            _record(
                {
                    "title": f"Reassurance street briefing {phase} Operation Larkspur",
                    "purpose": "To explain the operation to residents and hear their concerns.",
                    "method": M.STREET_BRIEFING,
                    "tier": Activity.Tier.EVENT,
                    "organising_unit": op_unit,
                    "wards": [brixton_hill],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "operation": operation,
                    "operation_phase": phase,
                    "venue": "Brixton high street (demo venue)",
                    **_lead(rng),
                }
            )
            count += 1

    # A little activity in every other borough, so the whole picture covers London.
    for borough in Borough.objects.exclude(name__in=FOCUS_BOROUGHS):
        wards = list(borough.wards.all())
        for _ in range(3):
            method, title, purpose, comms = rng.choice(LOCAL_KINDS)
            ward = rng.choice(wards)
            d = year_start + timedelta(days=rng.randint(0, (year_end - year_start).days))
            starts = _at(d, rng.choice([10, 14, 18]))
            team = Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=ward).first()
            _record(
                {
                    "title": title.format(ward=ward.name),
                    "purpose": purpose,
                    "method": method,
                    "organising_unit": team or cpie,
                    "wards": [ward],
                    "communities": [community[c] for c in comms],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "venue": rng.choice(VENUES),
                    **_status(starts, rng, now),
                    **_lead(rng),
                }
            )
            count += 1

    count += _traffic_meets_a_ward_panel(units, rng)
    count += _busy_wards(units, rng, now)

    MinimumStandard.objects.get_or_create(
        name="Each ward panel meets at least quarterly",
        defaults={"level": MinimumStandard.Level.WARD, "method": M.PANEL_MEETING, "min_count": 1, "period_days": 92},
    )
    MinimumStandard.objects.get_or_create(
        name="Each borough holds a youth engagement activity each quarter",
        defaults={
            "level": MinimumStandard.Level.BOROUGH,
            "community": community["Young people"],
            "min_count": 1,
            "period_days": 92,
        },
    )
    count += _objection_waiting_for_the_champion(rng)
    baselines = services.record_standard_baselines(quarters=4, by="demo loader")
    if stdout:
        stdout.write(
            f"  activities: {count} demo activities and series, 2 minimum standards, {baselines} quarterly baselines"
        )


def _objection_waiting_for_the_champion(rng: random.Random) -> int:
    """Traffic plans a roadshow in Catford South; the ward team objects; it waits for Lewisham's champion."""
    ward = Ward.objects.filter(name="Catford South", borough__name="Lewisham").first()
    traffic = Unit.objects.filter(short_name="CO15").first()
    team = Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=ward).first()
    if ward is None or traffic is None or team is None:
        return 0
    User = get_user_model()
    lead = User.objects.filter(email=f"engagement-lead@{DEMO_DOMAIN}").first()
    sergeant = User.objects.filter(email=f"team-sergeant@{DEMO_DOMAIN}").first()
    starts = _at(timezone.localdate() + timedelta(days=12), 18)
    activity = _record(
        {
            "title": "Road safety roadshow, Catford Broadway (demo)",
            "purpose": "To show residents the new speed cameras on the South Circular and hear their concerns.",
            "use_of_results": "Concerns are passed to the borough's road safety partnership.",
            "method": M.PUBLIC_MEETING,
            "organising_unit": traffic,
            "wards": [ward],
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "venue": "Catford Broadway (demo venue)",
            "venue_accessibility": ACCESS,
            **({"lead": lead} if lead else {}),
            **_lead(rng),
        }
    )
    consultation = activity.consultations.filter(team=team).first() if activity else None
    if consultation is not None:
        services.respond_to_consultation(
            consultation=consultation,
            by=sergeant or "demo loader",
            state="objected",
            comment="The same evening as the Catford South ward panel, and the Broadway is closed for the market.",
            check_scope=False,
        )
    return 1


def _traffic_meets_a_ward_panel(units: dict[str, Unit], rng: random.Random) -> int:
    """Traffic plans a road safety evening in Catford South on the very evening of its ward panel: the clash
    the planner must see first (above the London-wide staff calls of that week)."""
    traffic = units.get("CO15")
    panel = Activity.objects.filter(title="Catford South ward panel").first()
    if traffic is None or panel is None:
        return 0
    soon = timezone.now() + timedelta(days=3)
    upcoming = [s for s in panel.occurrence_starts() if s > soon]
    if not upcoming:
        return 0
    starts = upcoming[0]
    _record(
        {
            "title": "Road safety evening: Catford South (demo)",
            "purpose": "To hear residents about speeding on the South Circular and agree where to enforce.",
            "use_of_results": "Enforcement sites are chosen with residents and reported back on the ward page.",
            "method": M.PUBLIC_MEETING,
            "organising_unit": traffic,
            "wards": list(panel.wards.all()),
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1, minutes=30),
            "venue": rng.choice(VENUES),
            "venue_accessibility": ACCESS,
            "status": Activity.Status.PLANNED,
            **_lead(rng),
        }
    )
    return 1


# Wards where several units came in the last four weeks: a spread of fatigue across London for the map.
BUSY_WARDS = [
    ("Peckham", "Southwark", 3),
    ("Hackney Central", "Hackney", 3),
    ("Thornton Heath", "Croydon", 2),
    ("Stratford", "Newham", 2),
    ("Tottenham Central", "Haringey", 5),
    ("Wembley Central", "Brent", 2),
]


def _busy_wards(units: dict[str, Unit], rng: random.Random, now: datetime) -> int:
    visitors = [units[s] for s in ("CO15", "SO15", "CTSET", "CO11", "SRAU", "DPA") if s in units]
    if not visitors:
        return 0
    count = 0
    for ward_name, borough_name, visits in BUSY_WARDS:
        ward = Ward.objects.filter(name=ward_name, borough__name=borough_name).first()
        if ward is None:
            continue
        for i in range(visits):
            unit = visitors[(count + i) % len(visitors)]
            starts = _at(timezone.localdate() - timedelta(days=2 + i * 6), 18)
            _record(
                {
                    "title": f"{unit.short_name} listening event, {ward.name} (demo)",
                    "purpose": "To hear residents' concerns about the unit's work locally.",
                    "method": [M.PUBLIC_MEETING, M.SURVEY, M.STREET_BRIEFING][i % 3],
                    "organising_unit": unit,
                    "wards": [ward],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "venue": rng.choice(VENUES),
                    **_status(starts, rng, now),
                    **_lead(rng),
                }
            )
        count += visits
    return count
