"""A police.uk-compatible API at /api/police-uk/: the paths, field names and formats of the police.uk data API's
force and neighbourhood calls, so a police.uk client works here by changing only its base URL.

Forces are London's two (`metropolitan`, `city-of-london`); a neighbourhood is a current ward, its id the ward's
ONS code. Open data, no credentials, read only. Its own OpenAPI description is at /api/police-uk/openapi.json.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from places.models import Ward
from policeuk import queries

DOCS = "https://data.police.uk/docs/"


class PoliceUkAPI(NinjaAPI):
    """JSON for unknown paths (404) and methods (405), as on the rest of the API."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        urls.append(re_path(r"^.*$", _unknown_path, name="unknown"))
        return urls


api = PoliceUkAPI(
    title="Engagement Hub: police.uk-compatible API",
    version="1",
    description=(
        f"The force and neighbourhood calls of the police.uk data API ({DOCS}), same paths, field names and "
        "formats, for London's current wards. Open data under the Open Government Licence v3.0; no credentials."
    ),
    urls_namespace="police_uk",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def _json_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            answer = _error(request, 405, f"This address does not take {request.method}; use {allowed}.")
            answer["Allow"] = allowed
            return answer
        return response

    return wrapper


@csrf_exempt
def _unknown_path(request: HttpRequest) -> HttpResponse:
    return _error(request, 404, "There is no such address: the calls are listed at /api/police-uk/docs.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors)
    return _error(request, 400, f"Invalid {fields}.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


class PoliceUkError(Schema):
    detail: str


NOT_FOUND = {404: PoliceUkError}


class PoliceUkForceRef(Schema):
    id: str = Field(..., examples=["metropolitan"])
    name: str


class PoliceUkEngagementMethod(Schema):
    url: str
    type: str
    title: str
    description: str | None


class PoliceUkForce(Schema):
    id: str
    name: str
    description: str = Field(..., description="HTML")
    url: str
    telephone: str
    engagement_methods: list[PoliceUkEngagementMethod]


class PoliceUkPerson(Schema):
    name: str
    rank: str
    bio: str | None = Field(..., description="HTML")
    contact_details: dict[str, str]


class PoliceUkNeighbourhoodRef(Schema):
    id: str = Field(..., description="The ward's ONS code", examples=["E05013730"])
    name: str


class PoliceUkPoint(Schema):
    latitude: str | None
    longitude: str | None


class PoliceUkLink(Schema):
    url: str
    title: str
    description: str | None


class PoliceUkNeighbourhood(Schema):
    id: str
    name: str
    description: str = Field(..., description="HTML")
    url_force: str
    population: str
    centre: PoliceUkPoint
    links: list[PoliceUkLink]
    locations: list[dict[str, Any]]
    contact_details: dict[str, str]


class PoliceUkEvent(Schema):
    title: str
    type: str
    description: str | None = Field(..., description="HTML")
    address: str
    start_date: str = Field(..., description="London time, YYYY-MM-DDTHH:MM:SS")
    end_date: str = Field(..., description="London time, YYYY-MM-DDTHH:MM:SS")
    contact_details: dict[str, str]


class PoliceUkNeighbourhoodPriority(Schema):
    issue: str = Field(..., description="HTML")
    issue_date: str | None = Field(None, alias="issue-date")
    action: str | None = Field(..., description="HTML")
    action_date: str | None = Field(None, alias="action-date")


class PoliceUkLocated(Schema):
    force: str
    neighbourhood: str


def _force(force: str) -> dict[str, Any]:
    found = queries.force(force)
    if found is None:
        raise Http404(f"There is no force {force!r}: London's are metropolitan and city-of-london.")
    return found


def _ward(force: str, neighbourhood: str) -> Ward:
    _force(force)
    found = queries.ward(force, neighbourhood)
    if found is None:
        raise Http404(f"The force {force} has no neighbourhood {neighbourhood!r} (a current ward's ONS code).")
    return found


@api.get("/forces", response=list[PoliceUkForceRef], summary="List of forces")
def forces(request: HttpRequest) -> list[dict[str, str]]:
    return queries.forces()


@api.get("/forces/{force}", response={200: PoliceUkForce, **NOT_FOUND}, summary="Specific force")
def force(request: HttpRequest, force: str) -> dict[str, Any]:
    return _force(force)


@api.get("/forces/{force}/people", response={200: list[PoliceUkPerson], **NOT_FOUND}, summary="Senior officers")
def senior_officers(request: HttpRequest, force: str) -> list[dict[str, Any]]:
    """The senior officers' profiles the force publishes: name, rank, biography (HTML) and public contact details."""
    _force(force)
    return queries.senior_officers(force)


@api.get("/locate-neighbourhood", response={200: PoliceUkLocated, **NOT_FOUND}, summary="Locate a neighbourhood")
def locate_neighbourhood(
    request: HttpRequest,
    q: str = Query(..., max_length=60, pattern=r"^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$", examples=["51.45,-0.02"]),
) -> dict[str, str]:
    """`q` is `latitude,longitude`. 404 when the point is in no neighbourhood the shipped boundaries map."""
    lat, lng = (float(part) for part in q.split(","))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise HttpError(400, "Give q as latitude,longitude in degrees.")
    found = queries.locate(lat, lng)
    force_id = queries.force_of(found) if found else None
    if found is None or force_id is None:
        raise Http404("No neighbourhood is known at that point.")
    return {"force": force_id, "neighbourhood": found.code}


@api.get(
    "/{force}/neighbourhoods", response={200: list[PoliceUkNeighbourhoodRef], **NOT_FOUND}, summary="Neighbourhoods"
)
def neighbourhoods(request: HttpRequest, force: str) -> list[dict[str, str]]:
    _force(force)
    return [{"id": code, "name": name} for code, name in queries.wards_of(force).values_list("code", "name")]


@api.get(
    "/{force}/{neighbourhood}", response={200: PoliceUkNeighbourhood, **NOT_FOUND}, summary="Specific neighbourhood"
)
def neighbourhood(request: HttpRequest, force: str, neighbourhood: str) -> dict[str, Any]:
    return queries.neighbourhood(_ward(force, neighbourhood))


@api.get("/{force}/{neighbourhood}/boundary", response={200: list[PoliceUkPoint], **NOT_FOUND}, summary="Boundary")
def boundary(request: HttpRequest, force: str, neighbourhood: str) -> list[dict[str, str]]:
    """The shipped outline (see docs/api.md: exact, or the same-named ward's before the 2022 review)."""
    found = queries.boundary(_ward(force, neighbourhood))
    if found is None:
        raise Http404("No boundary is shipped for this neighbourhood (a ward new in the 2022 review).")
    return found


@api.get("/{force}/{neighbourhood}/people", response={200: list[PoliceUkPerson], **NOT_FOUND}, summary="Team")
def team(request: HttpRequest, force: str, neighbourhood: str) -> list[dict[str, Any]]:
    """The team members listed publicly on the ward's page: name, job title (`rank`) and public biography."""
    return queries.people(_ward(force, neighbourhood))


@api.get("/{force}/{neighbourhood}/events", response={200: list[PoliceUkEvent], **NOT_FOUND}, summary="Events")
def events(request: HttpRequest, force: str, neighbourhood: str) -> list[dict[str, Any]]:
    """The register's public activities yet to happen in the ward (or its borough, or London-wide)."""
    return queries.events(_ward(force, neighbourhood))


@api.get(
    "/{force}/{neighbourhood}/priorities",
    response={200: list[PoliceUkNeighbourhoodPriority], **NOT_FOUND},
    by_alias=True,
    summary="Priorities",
)
def priorities(request: HttpRequest, force: str, neighbourhood: str) -> list[dict[str, str | None]]:
    """The ward panel's priorities: `issue`, `issue-date`, `action` and `action-date` as police.uk gives them."""
    return queries.priorities(_ward(force, neighbourhood))
