"""The police.uk shapes, read from the places, teams, register and priorities through their public queries.

Open data only: what the public pages already show, and the senior officers' profiles written for
publication (`organisations.SeniorOfficer`, tied to no account). A team member is their name, job title (police.uk's
`rank`) and public biography, and only when their post is listed publicly; no one's email or telephone (the
team's shared contact details are the neighbourhood's). Events carry no organiser's name or contact; no
reporter, subscriber or respondent is read at all.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks

from activities import queries as activity_queries
from organisations import queries as org_queries
from places.models import Ward
from policeuk import boundaries
from priorities import queries as priority_queries

# The forces that police London, as police.uk names them; a borough's `police_force` says which is whose.
FORCES: dict[str, dict[str, Any]] = {
    "metropolitan": {
        "name": "Metropolitan Police Service",
        "url": "https://www.met.police.uk/",
        "description": "<p>The Metropolitan Police Service polices the 32 London boroughs.</p>",
    },
    "city-of-london": {
        "name": "City of London Police",
        "url": "https://www.cityoflondon.police.uk/",
        "description": "<p>The City of London Police polices the Square Mile, the City of London.</p>",
    },
}
FORCE_OF = {force["name"]: force_id for force_id, force in FORCES.items()}
EVENTS = 100  # the next events of a neighbourhood, soonest first


def _site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _local(value: datetime) -> str:
    return timezone.localtime(value).replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S")


def _coordinate(value: float) -> str:
    return f"{value:.6f}"


def forces() -> list[dict[str, str]]:
    return [{"id": force_id, "name": force["name"]} for force_id, force in FORCES.items()]


def force(force_id: str) -> dict[str, Any] | None:
    found = FORCES.get(force_id)
    if found is None:
        return None
    return {
        "id": force_id,
        "name": found["name"],
        "description": found["description"],
        "url": found["url"],
        "telephone": "101",
        "engagement_methods": [
            {
                "url": _site(reverse("website:home")),
                "type": "website",
                "title": "Engagement Hub",
                "description": "<p>Ward priorities, public meetings and events, consultations and alerts.</p>",
            }
        ],
    }


def wards_of(force_id: str) -> QuerySet[Ward]:
    name = FORCES[force_id]["name"] if force_id in FORCES else None
    return Ward.objects.filter(borough__police_force=name).select_related("borough").order_by("name", "code")


def ward(force_id: str, code: str) -> Ward | None:
    return wards_of(force_id).filter(code=code.upper()).first()


def force_of(ward: Ward) -> str | None:
    return FORCE_OF.get(ward.borough.police_force)


def neighbourhood(ward: Ward) -> dict[str, Any]:
    team = org_queries.neighbourhood_team_for(ward)
    outline, _exact = boundaries.outline_for(ward.code, ward.borough.code, ward.name)
    centre = outline.centre() if outline else boundaries.borough_centre(ward.borough.code)
    contact = {}
    if team and team.email:
        contact["email"] = team.email
    if team and team.phone:
        contact["telephone"] = team.phone
    description = f"<p>{escape(team.description)}</p>" if team and team.description else ""
    return {
        "id": ward.code,
        "name": ward.name,
        "description": description,
        "url_force": _site(ward.get_absolute_url()),
        "population": str(ward.population or 0),
        "centre": (
            {"latitude": _coordinate(centre[0]), "longitude": _coordinate(centre[1])}
            if centre
            else {"latitude": None, "longitude": None}
        ),
        "links": [
            {
                "url": _site(ward.get_absolute_url()),
                "title": f"{ward.name} ward",
                "description": "The ward's team, priorities and events on Engagement Hub.",
            },
            {
                "url": _site(reverse("priorities:ward", args=[ward.code])),
                "title": "Ward priorities",
                "description": "What the ward panel asked the team to work on, and what was done.",
            },
            {
                "url": _site(reverse("ward_calendar", args=[ward.code])),
                "title": "Events calendar (iCalendar)",
                "description": "Public meetings and events in the ward, for a calendar application.",
            },
        ],
        "locations": [],
        "contact_details": contact,
    }


def senior_officers(force_id: str) -> list[dict[str, Any]]:
    """The force's published senior officers' profiles; the biography, typed as plain text, escaped into HTML."""
    return [
        {
            "name": officer.name,
            "rank": officer.rank,
            "bio": linebreaks(officer.bio, autoescape=True) if officer.bio.strip() else None,
            "contact_details": officer.contact_details(),
        }
        for officer in org_queries.published_senior_officers(force_id)
    ]


def people(ward: Ward) -> list[dict[str, Any]]:
    return [
        {
            "name": str(post.user),
            "rank": post.job_title or post.get_role_display(),
            "bio": f"<p>{escape(post.public_bio)}</p>" if post.public_bio else None,
            "contact_details": {},
        }
        for post in org_queries.public_team_members(ward)
    ]


def events(ward: Ward) -> list[dict[str, Any]]:
    return [
        {
            "title": a.title,
            "type": a.method,
            "description": f"<p>{escape(a.purpose)}</p>" if a.purpose else None,
            "address": a.venue,
            "start_date": _local(a.next_start),  # type: ignore[attr-defined]
            "end_date": _local(a.next_end),  # type: ignore[attr-defined]
            "contact_details": {},
        }
        for a in activity_queries.upcoming_public_for_ward(ward, limit=EVENTS)
    ]


def priorities(ward: Ward) -> list[dict[str, str | None]]:
    return priority_queries.police_uk(ward)


def boundary(ward: Ward) -> list[dict[str, str]] | None:
    outline, _exact = boundaries.outline_for(ward.code, ward.borough.code, ward.name)
    if outline is None:
        return None
    return [{"latitude": _coordinate(lat), "longitude": _coordinate(lng)} for lat, lng in outline.points()]


def locate(lat: float, lng: float) -> Ward | None:
    """The current ward mapped to the shipped outline holding the point (see `boundaries`)."""
    outline = boundaries.outline_at(lat, lng)
    if outline is None:
        return None
    found = Ward.objects.select_related("borough").filter(code=outline.code).first()
    if found is not None:
        return found
    key = boundaries.name_key(outline.borough, outline.name)
    candidates = Ward.objects.select_related("borough").filter(borough__code=outline.borough)
    return next((w for w in candidates if boundaries.name_key(w.borough.code, w.name) == key), None)
