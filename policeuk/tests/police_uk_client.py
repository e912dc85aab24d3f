"""A small police.uk data API client, written from the published docs (https://data.police.uk/docs/) and the
example answers copied into the maintained clients' docs, knowing nothing of Engagement Hub.

Its only setting is the base URL (`https://data.police.uk/api/` by default). It parses what the docs promise:
dates as `%Y-%m-%dT%H:%M:%S`, coordinates as decimal strings, the hyphenated `issue-date` and `action-date` of
priorities, and a 404 from `locate-neighbourhood` as "no neighbourhood".
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

DATE = "%Y-%m-%dT%H:%M:%S"


class NotFound(Exception):
    pass


@dataclass
class Force:
    id: str
    name: str
    description: str
    url: str
    telephone: str
    engagement_methods: list[dict[str, Any]]


@dataclass
class Officer:
    name: str
    rank: str
    bio: str | None
    contact_details: dict[str, str]


@dataclass
class Neighbourhood:
    force: str
    id: str
    name: str
    description: str
    url_force: str
    population: int
    centre: tuple[float, float]
    links: list[dict[str, Any]]
    locations: list[dict[str, Any]]
    contact_details: dict[str, str]


@dataclass
class Event:
    title: str
    type: str
    description: str | None
    address: str
    start_date: datetime
    end_date: datetime
    contact_details: dict[str, str]


@dataclass
class Priority:
    issue: str
    issue_date: datetime | None
    action: str | None
    action_date: datetime | None


def _date(text: str | None) -> datetime | None:
    return datetime.strptime(text, DATE) if text else None  # noqa: DTZ007 (police.uk gives local times)


class PoliceAPI:
    def __init__(self, base_url: str = "https://data.police.uk/api/") -> None:
        self.base_url = base_url.rstrip("/") + "/"

    def _get(self, path: str, **params: str) -> Any:
        url = self.base_url + path + (f"?{urlencode(params)}" if params else "")
        try:
            with urlopen(Request(url, headers={"Accept": "application/json"}), timeout=30) as response:  # noqa: S310
                return json.loads(response.read())
        except HTTPError as error:
            if error.code == 404:
                raise NotFound(url) from error
            raise

    def get_forces(self) -> list[tuple[str, str]]:
        return [(f["id"], f["name"]) for f in self._get("forces")]

    def get_force(self, force_id: str) -> Force:
        data = self._get(f"forces/{quote(force_id)}")
        return Force(**{k: data[k] for k in Force.__dataclass_fields__})

    def get_senior_officers(self, force_id: str) -> list[Officer]:
        return [Officer(**o) for o in self._get(f"forces/{quote(force_id)}/people")]

    def get_neighbourhoods(self, force_id: str) -> list[tuple[str, str]]:
        return [(n["id"], n["name"]) for n in self._get(f"{quote(force_id)}/neighbourhoods")]

    def get_neighbourhood(self, force_id: str, neighbourhood_id: str) -> Neighbourhood:
        data = self._get(f"{quote(force_id)}/{quote(neighbourhood_id)}")
        return Neighbourhood(
            force=force_id,
            id=data["id"],
            name=data["name"],
            description=data["description"],
            url_force=data["url_force"],
            population=int(data["population"]),
            centre=(float(data["centre"]["latitude"]), float(data["centre"]["longitude"])),
            links=data["links"],
            locations=data["locations"],
            contact_details=data["contact_details"],
        )

    def get_boundary(self, force_id: str, neighbourhood_id: str) -> list[tuple[float, float]]:
        points = self._get(f"{quote(force_id)}/{quote(neighbourhood_id)}/boundary")
        return [(float(p["latitude"]), float(p["longitude"])) for p in points]

    def get_officers(self, force_id: str, neighbourhood_id: str) -> list[Officer]:
        return [Officer(**o) for o in self._get(f"{quote(force_id)}/{quote(neighbourhood_id)}/people")]

    def get_events(self, force_id: str, neighbourhood_id: str) -> list[Event]:
        events = self._get(f"{quote(force_id)}/{quote(neighbourhood_id)}/events")
        return [Event(**{**e, "start_date": _date(e["start_date"]), "end_date": _date(e["end_date"])}) for e in events]

    def get_priorities(self, force_id: str, neighbourhood_id: str) -> list[Priority]:
        found = self._get(f"{quote(force_id)}/{quote(neighbourhood_id)}/priorities")
        return [
            Priority(
                issue=p["issue"],
                issue_date=_date(p["issue-date"]),
                action=p["action"],
                action_date=_date(p["action-date"]),
            )
            for p in found
        ]

    def locate_neighbourhood(self, lat: float, lng: float) -> tuple[str, str] | None:
        try:
            found = self._get("locate-neighbourhood", q=f"{lat},{lng}")
        except NotFound:
            return None
        return found["force"], found["neighbourhood"]
