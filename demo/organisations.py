"""Demo data: the real structure of units, then fictional staff holding one post in each role."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.services import mark_email_verified
from organisations.models import PoliceForce, Post, Role, SeniorOfficer, Unit
from organisations.structure import load_units
from places.models import Borough, Ward

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - published demo password, refused unless demo logins are on
DEMO_DOMAIN = "demo.engagehub.invalid"
LEWISHAM = "E09000023"

# (email local part, display name, role, unit lookup, job title, listed publicly, places)
DEMO_STAFF: list[dict[str, Any]] = [
    {
        "key": "neighbourhood-officer",
        "name": "Priya Fernhill (demo)",
        "role": Role.NEIGHBOURHOOD_OFFICER,
        "unit": ("ward_team", "Catford South"),
        "job_title": "Police Constable",
        "listed": True,
        "bio": "Dedicated ward officer for Catford South (fictional demo person).",
    },
    {
        "key": "team-sergeant",
        "name": "Tom Ashgrove (demo)",
        "role": Role.NEIGHBOURHOOD_OFFICER,
        "unit": ("ward_team", "Catford South"),
        "job_title": "Police Sergeant",
        "listed": True,
        "bio": "Leads the Catford South team (fictional demo person).",
    },
    {
        "key": "pcso",
        "name": "Jo Milbrook (demo)",
        "role": Role.NEIGHBOURHOOD_OFFICER,
        "unit": ("ward_team", "Catford South"),
        "job_title": "Police Community Support Officer",
        "listed": True,
        "bio": "Police community support officer in Catford South (fictional demo person).",
    },
    {
        "key": "borough-champion",
        "name": "Sam Okonedo-Vale (demo)",
        "role": Role.BOROUGH_CHAMPION,
        "unit": ("borough_cu", LEWISHAM),
        "job_title": "Inspector, borough engagement champion",
        "boroughs": [LEWISHAM],
    },
    {
        "key": "central-champion",
        "name": "Morgan Quayle (demo)",
        "role": Role.CENTRAL_CHAMPION,
        "unit": ("short", "TP (SN)"),
        "job_title": "Chief Inspector, central engagement champion",
        "london_wide": True,
    },
    {
        "key": "engagement-lead",
        "name": "Casey Brindle (demo)",
        "role": Role.ENGAGEMENT_LEAD,
        "unit": ("short", "CO15"),
        "job_title": "Unit engagement lead, Traffic",
        "london_wide": True,
    },
    {
        "key": "group-officer",
        "name": "Rowan Petherick (demo)",
        "role": Role.GROUP_OFFICER,
        "unit": ("borough_csp", LEWISHAM),
        "job_title": "Secretary, Lewisham community police engagement group",
        "boroughs": [LEWISHAM],
    },
    {
        "key": "oversight-reader",
        "name": "Ellis Wrenfield (demo)",
        "role": Role.OVERSIGHT_READER,
        "unit": ("short", "MOPAC"),
        "job_title": "Oversight officer",
        "london_wide": True,
    },
    {
        "key": "partner",
        "name": "Dana Hollowell (demo)",
        "role": Role.PARTNER,
        "unit": ("borough_la", LEWISHAM),
        "job_title": "Community safety officer, Lewisham Council",
    },
    {
        "key": "admin",
        "name": "Ari Stonebridge (demo)",
        "role": Role.ADMINISTRATOR,
        "unit": ("short", "DOI"),
        "job_title": "Service administrator",
        "london_wide": True,
        "superuser": True,
    },
]


def demo_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


def _unit(lookup: tuple[str, str]) -> Unit:
    how, value = lookup
    lewisham = Borough.objects.get(code=LEWISHAM)
    if how == "ward_team":
        return Unit.objects.get(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward__name=value, ward__borough=lewisham)
    if how == "borough_cu":
        return Unit.objects.get(kind=Unit.Kind.COMMAND_UNIT, command_unit__boroughs__code=value)
    if how == "borough_csp":
        return Unit.objects.get(kind=Unit.Kind.COMMUNITY_SAFETY_PARTNERSHIP, borough__code=value)
    if how == "borough_la":
        return Unit.objects.get(kind=Unit.Kind.LOCAL_AUTHORITY, borough__code=value)
    return Unit.objects.get(short_name=value)


@transaction.atomic
def load_demo_staff() -> list[tuple[str, str]]:
    """Create (or refresh) one fictional account per role; returns (role, email) pairs."""
    User = get_user_model()  # noqa: N806
    out = []
    for spec in DEMO_STAFF:
        email = demo_email(spec["key"])
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
            user.set_password(DEMO_PASSWORD)
        user.display_name = spec["name"]
        user.is_demo = True
        user.is_superuser = user.is_staff = bool(spec.get("superuser"))
        user.save()
        mark_email_verified(user)
        unit = _unit(spec["unit"])
        post, _ = Post.objects.get_or_create(
            user=user,
            unit=unit,
            role=spec["role"],
            defaults={
                "job_title": spec["job_title"],
                "listed_publicly": spec.get("listed", False),
                "public_bio": spec.get("bio", ""),
                "london_wide": spec.get("london_wide", False),
            },
        )
        if spec.get("boroughs"):
            post.boroughs.set(Borough.objects.filter(code__in=spec["boroughs"]))
        if spec.get("wards"):
            post.wards.set(Ward.objects.filter(code__in=spec["wards"]))
        out.append((f"{Role(spec['role']).label} – {spec['job_title']}", email))
    return out


def load_demo_senior_officers() -> None:
    """Fictional senior officers' profiles for the police.uk-compatible API (one kept as a draft)."""
    for order, (force, name, rank, published) in enumerate(
        [
            (PoliceForce.METROPOLITAN, "Alex Thornbury (demo)", "Commander", True),
            (PoliceForce.METROPOLITAN, "Robin Kestleigh (demo)", "Chief Superintendent", True),
            (PoliceForce.METROPOLITAN, "Dale Winterbourne (demo)", "Deputy Assistant Commissioner", False),
            (PoliceForce.CITY_OF_LONDON, "Jordan Haverstock (demo)", "Commander", True),
        ]
    ):
        SeniorOfficer.objects.get_or_create(
            force=force,
            name=name,
            defaults={
                "rank": rank,
                "order": order,
                "is_published": published,
                "bio": f"{name} is a fictional {rank.lower()} in the demonstration data.",
                "email": f"senior-officer-{order + 1}@{DEMO_DOMAIN}",
            },
        )


def load(stdout: Any = None) -> None:
    counts = load_units()
    staff = load_demo_staff()
    load_demo_senior_officers()
    if stdout is not None:
        stdout.write(f"  units: {sum(v for k, v in counts.items() if k != 'created')} ({counts['created']} new)")
        note = "" if settings.DEMO_LOGINS_ENABLED else " (demo logins are off: set DEMO_LOGINS_ENABLED=1 or DEBUG=1)"
        stdout.write(f"  demo staff{note}, password {DEMO_PASSWORD}:")
        for role, email in staff:
            stdout.write(f"    {role}: {email}")
