"""API v1: London's places. Boroughs, their wards, a ward's neighbourhood team, and postcode lookup.

Mounted at the API root: /api/v1/boroughs, /api/v1/wards, /api/v1/postcodes/{postcode}. Public data,
no credentials needed. Errors are `{"detail": ...}` JSON with a 4xx status (503 if the postcode
lookup service is down).
"""

import re
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from core import registry
from core.api_paging import Paging, mapped, paginate
from core.errors import ServiceError
from places.models import Borough, CommandUnit, Ward
from places.services import find_postcode, postcode_error_status

router = Router(tags=["Places"])

BOROUGH_CODE = re.compile(r"^E09[0-9]{6}$")
WARD_CODE = re.compile(r"^E05[0-9]{6}$")


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, in plain English.")
    code: str | None = Field(None, description="A stable reason code, e.g. not_a_postcode, outside_london, unknown.")
    field: str | None = None


class CommandUnitOut(Schema):
    number: int
    name: str = Field(..., description="e.g. South East")


class BoroughLinks(Schema):
    self: str
    html: str
    wards: str
    feed: str


class BoroughOut(Schema):
    code: str = Field(..., description="ONS code, e.g. E09000023", examples=["E09000023"])
    name: str
    command_unit: CommandUnitOut | None = Field(None, description="The police basic command unit (none for the City)")
    police_force: str
    population: int | None = Field(None, description="Census 2021 usual residents")
    ward_count: int
    links: BoroughLinks


class BoroughRef(Schema):
    code: str
    name: str
    links: BoroughLinks


class WardLinks(Schema):
    self: str
    html: str
    feed: str


class WardSummaryOut(Schema):
    code: str = Field(..., description="ONS code, e.g. E05013721", examples=["E05013721"])
    name: str
    borough_code: str
    population: int | None = Field(None, description="Census 2021 usual residents (none for some City wards)")
    links: WardLinks


class TeamOut(Schema):
    name: str
    description: str
    email: str
    phone: str
    contact_notes: str


class WardOut(Schema):
    code: str
    name: str
    borough: BoroughRef
    population: int | None = Field(None, description="Census 2021 usual residents (none for some City wards)")
    is_city_of_london_ward: bool
    neighbourhood_team: TeamOut | None = Field(None, description="How to contact the ward's team now")
    links: WardLinks


class PostcodeOut(Schema):
    postcode: str = Field(..., examples=["SE6 4RU"])
    ward: WardSummaryOut
    borough: BoroughRef
    source: str = Field(..., description="'local' (our postcode table) or 'lookup service'")


def _abs(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _borough_links(request: HttpRequest, borough: Borough) -> dict[str, str]:
    return {
        "self": _abs(request, reverse("api:borough", args=[borough.code])),
        "html": _abs(request, borough.get_absolute_url()),
        "wards": _abs(request, reverse("api:wards") + f"?borough={borough.code}"),
        "feed": _abs(request, reverse("website:borough_feed", args=[borough.code])),
    }


def _ward_links(request: HttpRequest, ward: Ward) -> dict[str, str]:
    return {
        "self": _abs(request, reverse("api:ward", args=[ward.code])),
        "html": _abs(request, ward.get_absolute_url()),
        "feed": _abs(request, reverse("website:ward_feed", args=[ward.code])),
    }


def _command_unit(unit: CommandUnit | None) -> dict[str, Any] | None:
    return {"number": unit.number, "name": unit.name} if unit else None


def _borough(request: HttpRequest, borough: Borough, ward_count: int) -> dict[str, Any]:
    return {
        "code": borough.code,
        "name": borough.name,
        "command_unit": _command_unit(borough.command_unit),
        "police_force": borough.police_force,
        "population": borough.population,
        "ward_count": ward_count,
        "links": _borough_links(request, borough),
    }


def _borough_ref(request: HttpRequest, borough: Borough) -> dict[str, Any]:
    return {"code": borough.code, "name": borough.name, "links": _borough_links(request, borough)}


def _ward_summary(request: HttpRequest, ward: Ward) -> dict[str, Any]:
    return {
        "code": ward.code,
        "name": ward.name,
        "borough_code": ward.borough.code,
        "population": ward.population,
        "links": _ward_links(request, ward),
    }


def _checked_code(text: str, pattern: re.Pattern[str], what: str, example: str) -> str:
    code = (text or "").strip().upper()
    if not pattern.match(code):
        raise HttpError(422, f"A {what} code is an ONS code like {example}.")
    return code


@router.get("/boroughs", response=list[BoroughOut], url_name="boroughs", summary="London's 33 boroughs")
@paginate(Paging)
def list_boroughs(request: HttpRequest) -> Any:
    """The 32 London boroughs and the City of London, with their command unit and Census 2021 population."""
    boroughs = Borough.objects.select_related("command_unit").annotate(ward_count=Count("wards")).order_by("name")
    return mapped(boroughs, lambda b: _borough(request, b, b.ward_count))


@router.get(
    "/boroughs/{code}",
    response={200: BoroughOut, 404: ErrorOut, 422: ErrorOut},
    url_name="borough",
    summary="One borough",
)
def get_borough(request: HttpRequest, code: str) -> dict[str, Any]:
    code = _checked_code(code, BOROUGH_CODE, "borough", "E09000023")
    borough = Borough.objects.select_related("command_unit").annotate(ward_count=Count("wards")).filter(code=code)
    found = borough.first()
    if found is None:
        raise HttpError(404, f"There is no London borough with the code {code}.")
    return _borough(request, found, found.ward_count)


@router.get(
    "/wards",
    response={200: list[WardSummaryOut], 404: ErrorOut, 422: ErrorOut},
    url_name="wards",
    summary="Wards, optionally of one borough",
)
@paginate(Paging)
def list_wards(request: HttpRequest, borough: str | None = None) -> Any:
    """Every current (2022) London ward, or those of one borough with `?borough=E09000023`."""
    wards = Ward.objects.select_related("borough").order_by("borough__name", "name", "pk")
    if borough is not None:
        code = _checked_code(borough, BOROUGH_CODE, "borough", "E09000023")
        if not Borough.objects.filter(code=code).exists():
            raise HttpError(404, f"There is no London borough with the code {code}.")
        wards = wards.filter(borough__code=code)
    return mapped(wards, lambda w: _ward_summary(request, w))


@router.get(
    "/wards/{code}",
    response={200: WardOut, 404: ErrorOut, 422: ErrorOut},
    url_name="ward",
    summary="One ward and how to contact its team",
)
def get_ward(request: HttpRequest, code: str) -> dict[str, Any]:
    code = _checked_code(code, WARD_CODE, "ward", "E05013721")
    ward = Ward.objects.select_related("borough").filter(code=code).first()
    if ward is None:
        raise HttpError(404, f"There is no London ward with the code {code}.")
    return {
        "code": ward.code,
        "name": ward.name,
        "borough": _borough_ref(request, ward.borough),
        "population": ward.population,
        "is_city_of_london_ward": ward.is_city_of_london_ward,
        "neighbourhood_team": registry.ward_team.for_ward(ward),
        "links": _ward_links(request, ward),
    }


@router.get(
    "/postcodes/{postcode}",
    response={200: PostcodeOut, 400: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    url_name="postcode",
    summary="The ward and borough of a London postcode",
)
def get_postcode(request: HttpRequest, postcode: str) -> dict[str, Any]:
    """400 if the text is not a postcode or is outside London; 404 if unknown or no longer in use."""
    try:
        match = find_postcode(postcode)
    except ServiceError as exc:
        exc.status = postcode_error_status(exc)
        raise
    return {
        "postcode": match.postcode,
        "ward": _ward_summary(request, match.ward),
        "borough": _borough_ref(request, match.borough),
        "source": match.source,
    }
