"""A believable (fictional) volunteer hub: about 120 volunteers of every kind across London, a demo volunteer
account, opportunities of the mobile hub and Lewisham, outputs over the last three months, and an outreach
campaign of call-backs. Every person is invented (names marked "(demo)"); places are real. Idempotent."""

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.services import mark_email_verified
from demo.organisations import DEMO_PASSWORD, demo_email
from organisations.models import Unit
from places import positions
from places.models import Borough
from volunteers import services
from volunteers.models import Campaign, HoursLog, Language, Opportunity, Output, Skill, Target, Volunteer
from volunteers.services import outreach

SKILLS = ["First aid", "Bike marking", "Weapon sweeps", "Leaflet drops", "Driving", "Crime prevention advice"]
LANGUAGES = ["English", "Polish", "Turkish", "Yoruba", "Bengali", "Somali", "Portuguese", "Urdu"]
FIRST = ["Ada", "Bola", "Cem", "Dana", "Efe", "Femi", "Gosia", "Hana", "Ife", "Jude", "Kemi", "Lior", "Maya"]
LAST = ["Adeyemi-Frost", "Bright", "Castellan", "Dunmore", "Ekwueme", "Fairweather", "Garrow", "Hollis"]
LEWISHAM = "E09000023"


def _by() -> Any:
    return get_user_model().objects.get(email=demo_email("central-champion"))


def _volunteers(rng: random.Random, boroughs: list[Borough]) -> int:
    skills, languages = list(Skill.objects.all()), list(Language.objects.all())
    today = timezone.localdate()
    centres = positions.borough_centres(b.pk for b in boroughs)
    made = 0
    for i in range(120):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i + 1} (demo)"
        if Volunteer.objects.filter(name=name).exists():
            continue
        kind = [k for k, _ in Volunteer.Kind.choices][i % 5]
        home = boroughs[i % len(boroughs)] if kind != Volunteer.Kind.MOBILE_HUB else boroughs[0]
        lat, lon = centres.get(home.pk, (None, None))
        volunteer = Volunteer.objects.create(
            name=name,
            email=f"volunteer{i + 1}@example.invalid",
            kind=kind,
            home_borough=home,
            home_latitude=lat,
            home_longitude=lon,
            started_on=today - timedelta(days=rng.randint(20, 4000)),
            available_weekends=i % 2 == 0,
            available_evenings=i % 3 == 0,
            vetting_level=0 if kind == Volunteer.Kind.COMMUNITY else 1 + i % 3,
            vetting_expires_on=None
            if kind == Volunteer.Kind.COMMUNITY
            else today + timedelta(days=rng.randint(-20, 900)),
            date_of_birth=today - timedelta(days=365 * rng.randint(14, 16)) if kind == Volunteer.Kind.CADET else None,
            guardian_name="Pat Guardian (demo)" if kind == Volunteer.Kind.CADET else "",
            guardian_phone="020 7946 0000" if kind == Volunteer.Kind.CADET else "",
        )
        volunteer.skills.set(rng.sample(skills, 2))
        volunteer.languages.set([languages[0], rng.choice(languages)])
        made += 1
    return made


def _demo_account(lewisham: Borough) -> Volunteer:
    User = get_user_model()  # noqa: N806
    email = demo_email("volunteer")
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name="Robin Ashgrove (demo)")
        user.set_password(DEMO_PASSWORD)
    user.is_demo = True
    user.save()
    mark_email_verified(user)
    volunteer, _ = Volunteer.objects.update_or_create(
        user=user,
        defaults={
            "name": "Robin Ashgrove (demo)",
            "email": email,
            "kind": Volunteer.Kind.MOBILE_HUB,
            "home_borough": lewisham,
            "available_weekends": True,
            "available_evenings": True,
            "vetting_level": Volunteer.Vetting.NPPV2,
            "vetting_expires_on": timezone.localdate() + timedelta(days=400),
        },
    )
    volunteer.skills.set(Skill.objects.all())
    volunteer.languages.set(Language.objects.filter(name="English"))
    services.save_volunteer(
        by=_by(), volunteer=volunteer, data={"home_postcode": "SE6 4RU", "started_on": date(2020, 9, 1)}
    )
    if not volunteer.hours.exists():  # twelve approved days: past the 50-hour milestone
        today = timezone.localdate()
        for week in range(12):
            HoursLog.objects.create(
                volunteer=volunteer,
                worked_on=today - timedelta(days=7 * week + 3),
                hours=Decimal("4.5"),
                note="Weapon sweeps and leaflet drops",
                approved_by=_by(),
                approved_at=timezone.now(),
            )
    return volunteer


@transaction.atomic
def load(stdout: Any = None) -> None:
    rng = random.Random(18)  # noqa: S311 - invented people and figures
    for name in SKILLS:
        Skill.objects.get_or_create(name=name)
    for name in LANGUAGES:
        Language.objects.get_or_create(name=name)
    boroughs = list(Borough.objects.order_by("code"))
    lewisham = Borough.objects.get(code=LEWISHAM)
    made = _volunteers(rng, boroughs)
    robin = _demo_account(lewisham)
    by = _by()
    unit = Unit.objects.get(short_name="TP (SN)")
    # Daytime work, whatever the hour the demo is loaded: 10:00 London time today.
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    if not Opportunity.objects.filter(title__endswith="(demo)").exists():
        past = services.post_opportunity(
            by=by,
            data={
                "title": "Knife-crime weapon sweep, Lewisham parks (demo)",
                "description": "Sweep of parks and estates with the neighbourhood team before half-term.",
                "unit": unit,
                "starts_at": now - timedelta(days=20),
                "ends_at": now - timedelta(days=20) + timedelta(hours=4),
                "places": 12,
            },
            boroughs=[lewisham],
        )
        for week in range(12):
            for b in rng.sample(boroughs, 6):
                Output.objects.create(
                    opportunity=past,
                    kind=rng.choice(
                        [Output.Kind.LEAFLETS, Output.Kind.LEAFLETS, Output.Kind.SWEEPS, Output.Kind.BIKES]
                    ),
                    count=rng.randint(20, 900),
                    borough=b,
                    recorded_on=timezone.localdate() - timedelta(days=7 * week + 1),
                    recorded_by=by,
                )
        coming = services.post_opportunity(
            by=by,
            data={
                "title": "Crime-prevention leaflet drop, Catford (demo)",
                "description": "Burglary-prevention leaflets to every home in the area as the evenings draw in.",
                "method": Opportunity.Method.LEAFLET_DROP,
                "unit": unit,
                "starts_at": now + timedelta(days=3),
                "ends_at": now + timedelta(days=3, hours=3),
                "places": 8,
                "min_vetting": Volunteer.Vetting.NPPV1,
            },
            boroughs=[lewisham],
        )
        services.invite(by=by, opportunity=coming, volunteers=[robin])
    if not Campaign.objects.filter(name__endswith="(demo)").exists():
        campaign = outreach.create_campaign(
            by=by,
            data={
                "name": "Call-backs to older victims of burglary (demo)",
                "purpose": "Crime-prevention advice to everyone over retirement age who was a victim of burglary.",
                "borough": lewisham,
                "ends_on": timezone.localdate() + timedelta(days=60),
                "retention_days": 90,
            },
            assignees=[robin.user],
        )
        for i in range(10):
            Target.objects.create(
                campaign=campaign,
                name=f"Resident {i + 1} (demo)",
                phone=f"020 7946 01{i:02d}",
                postcode="SE6 4RU",
                assigned_to=robin.user if i % 2 == 0 else None,
            )
    if stdout is not None:
        stdout.write(f"  volunteers: {made} new fictional volunteers; demo volunteer {robin.email}\n")
