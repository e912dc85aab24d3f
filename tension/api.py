"""API v1: community tension, for authorised systems only (restricted, OFFICIAL-SENSITIVE).

Every operation needs a personal API token (`Authorization: Bearer …`) whose owner holds a tension capability:
a browser session or an anonymous caller gets 401; the same rules as the pages (`tension.permissions`) decide
the rest, and every read is audited. Every answer carries `marking`.

GET  /api/v1/tension/assessments?week=          assessments of that week in the caller's area (READ_TENSION)
GET  /api/v1/tension/assessments/{pk}           one assessment with its items (404 outside the caller's area)
GET  /api/v1/tension/london?week=               the London summary (London-wide readers)
POST /api/v1/tension/items                      give an item for one's own borough (CONTRIBUTE_TENSION or LEAD)
"""

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from core.api_caller import api_user
from core.api_paging import Paging, paginate
from core.bounds import MAX_LIST, MAX_TEXT, BoundedDate, ObjectIn, QueryDate
from places.models import Borough, Ward
from tension import permissions, queries, scale, services
from tension.models import MARKING, Assessment, Item

router = Router(tags=["Community tension (authorised systems only)"])
Level = Field(ge=scale.MIN_LEVEL, le=scale.MAX_LEVEL, description=f"The tension level: {scale.SCALE_TEXT}")


def _system(request: HttpRequest) -> Any:
    """The token's owner; refuses sessions and anonymous callers, and owners without a tension capability."""
    if not request.headers.get("Authorization", "").lower().startswith("bearer "):
        raise HttpError(401, "Tension information is for authorised systems: send an API token.")
    user = api_user(request)
    if not (permissions.reads_tension(user) or permissions.contributes(user)):
        raise HttpError(403, "The token's owner holds no tension role.")
    return user


class ItemOut(Schema):
    id: int
    category: str
    source_type: str
    reliability: str
    text: str
    wards: list[str]
    communities: list[str]
    responses: list[int]
    created_at: Any


class AssessmentOut(Schema):
    marking: str = MARKING
    id: int
    area: str
    borough_code: str | None
    week_starting: date
    level: int = Level
    level_name: str
    tier: str
    trend: str
    status: str
    summary: str


class AssessmentDetailOut(AssessmentOut):
    items: list[ItemOut]


class SummaryRowOut(Schema):
    area: str
    borough_code: str | None
    level: int | None
    previous_level: int | None
    change: str
    items: dict[str, int]


class SummaryOut(Schema):
    marking: str = MARKING
    week_starting: date
    london: SummaryRowOut
    boroughs: list[SummaryRowOut]


class ItemIn(ObjectIn):
    borough_code: str = Field(max_length=20, description='The borough\'s ONS code, or "london" for London as a whole')
    week: BoundedDate | None = Field(None, description="A day in the week it concerns (default: this week)")
    category: Literal["evidenced", "experienced", "potential"]
    source_type: Literal["police", "local_authority", "community_contact", "open_source", "partner"]
    reliability: Literal["A", "B", "C", "D"]
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    ward_codes: list[str] = Field(default_factory=list, max_length=MAX_LIST)


def _assessment(a: Assessment) -> dict[str, Any]:
    return {
        "marking": MARKING,
        "id": a.pk,
        "area": a.area_name,
        "borough_code": a.borough.code if a.borough else None,
        "week_starting": a.week_starting,
        "level": a.level,
        "level_name": a.level_label,
        "tier": a.tier,
        "trend": a.trend,
        "status": a.status,
        "summary": a.summary,
    }


def _item(i: Item) -> dict[str, Any]:
    return {
        "id": i.pk,
        "category": i.category,
        "source_type": i.source_type,
        "reliability": i.reliability,
        "text": i.text,
        "wards": [w.code for w in i.wards.all()],
        "communities": [c.name for c in i.communities.all()],
        "responses": [r.pk for r in i.responses.all()],
        "created_at": i.created_at,
    }


def _row(r: queries.SummaryRow) -> dict[str, Any]:
    return {
        "area": r.name,
        "borough_code": r.borough.code if r.borough else None,
        "level": r.level,
        "previous_level": r.previous_level,
        "change": r.change,
        "items": r.items,
    }


@router.get("/assessments", response=list[AssessmentOut])
@paginate(Paging)
def list_assessments(request: HttpRequest, week: QueryDate | None = None) -> list[dict[str, Any]]:
    user = _system(request)
    monday = services.week_of(week) if week else services.this_week()
    found = Assessment.objects.filter(permissions.readable_area_q(user), week_starting=monday)
    rows = [_assessment(a) for a in found.select_related("borough")] if permissions.reads_tension(user) else []
    services.note_read(user, None, "api_assessments", note=f"week of {monday.isoformat()}, {len(rows)} rows")
    return rows


@router.get("/assessments/{pk}", response=AssessmentDetailOut)
def get_assessment(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _system(request)
    a = Assessment.objects.select_related("borough").filter(pk=pk).first()
    if a is None or not permissions.can_read_assessment(user, a):
        raise Http404("No such assessment in your area.")
    items = [_item(i) for i in queries.items_of(a)]
    services.note_read(user, a, "api_assessment", note=f"{len(items)} items")
    return {**_assessment(a), "items": items}


@router.get("/london", response=SummaryOut)
def london_summary(request: HttpRequest, week: QueryDate | None = None) -> dict[str, Any]:
    user = _system(request)
    if not permissions.reads_london_summary(user):
        raise HttpError(403, "Only London-wide readers see the London summary.")
    summary = queries.london_summary(services.week_of(week) if week else services.this_week())
    services.note_read(user, None, "api_london_summary", note=f"week of {summary.week.isoformat()}")
    return {
        "marking": MARKING,
        "week_starting": summary.week,
        "london": _row(summary.london),
        "boroughs": [_row(r) for r in summary.rows],
    }


@router.post("/items", response={201: ItemOut})
def add_item(request: HttpRequest, payload: ItemIn) -> Status:
    user = _system(request)
    borough = None
    if payload.borough_code != "london":
        borough = Borough.objects.filter(code=payload.borough_code).first()
        if borough is None:
            raise HttpError(400, "No borough with that code.")
    wards = list(Ward.objects.filter(code__in=payload.ward_codes))
    if len(wards) != len(set(payload.ward_codes)):
        raise HttpError(400, "A ward code is unknown.")
    item = services.add_item(
        by=user,
        borough=borough,
        data={**payload.dict(exclude={"borough_code", "ward_codes"}), "wards": wards},
    )
    return Status(201, _item(item))
