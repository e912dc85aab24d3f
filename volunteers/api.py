"""API v1: Volunteers. Opportunities, deployments (shifts) and outputs for coordinators in their boroughs; a
signed-in volunteer sees the opportunities they are invited to and their own deployments. Personal data (a
volunteer's name) only to coordinators."""

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from core.api_caller import api_user
from core.api_paging import Paging, mapped, paginate
from core.bounds import BoundedDate, Count, Id, ObjectIn, QueryDate
from core.errors import NotAllowed
from places.models import Borough, Ward
from volunteers import permissions, queries, services
from volunteers.models import Opportunity, Output, Shift

router = Router(tags=["Volunteers"])


class OpportunityOut(Schema):
    id: int
    title: str
    description: str
    method: str
    starts_at: datetime
    ends_at: datetime
    wards: list[str] = Field(..., description="ONS ward codes")
    boroughs: list[str] = Field(..., description="ONS borough codes; no wards and no boroughs: London-wide")
    places: int
    places_taken: int
    min_vetting: int
    min_age: int | None
    max_age: int | None
    lone_working: bool
    is_cancelled: bool
    activity: int | None = Field(None, description="id of the activity in the engagement register")


class DeploymentOut(Schema):
    id: int
    opportunity: int
    volunteer: str | None = Field(None, description="the volunteer's name: coordinators only")
    starts_at: datetime
    ends_at: datetime
    checked_in_at: datetime | None
    checked_out_at: datetime | None


class OutputOut(Schema):
    id: int
    opportunity: int
    kind: str
    count: int
    borough: str = Field(..., description="ONS borough code")
    ward: str | None = Field(None, description="ONS ward code")
    recorded_on: date


class OutputIn(ObjectIn):
    kind: str = Field(..., description="leaflets, homes, bikes, sweeps, items or people", max_length=10)
    count: Count
    borough: str = Field(..., description="ONS borough code", max_length=9)
    ward: str | None = Field(None, description="ONS ward code", max_length=9)
    recorded_on: BoundedDate | None = None


def _opportunity_out(o: Opportunity) -> dict:
    return {
        "id": o.pk,
        "title": o.title,
        "description": o.description,
        "method": o.method,
        "starts_at": o.starts_at,
        "ends_at": o.ends_at,
        "wards": [w.code for w in o.wards.all()],
        "boroughs": [b.code for b in o.boroughs.all()],
        "places": o.places,
        "places_taken": queries.places_taken(o),
        "min_vetting": o.min_vetting,
        "min_age": o.min_age,
        "max_age": o.max_age,
        "lone_working": o.lone_working,
        "is_cancelled": o.is_cancelled,
        "activity": o.activity_id,
    }


def _output_out(o: Output) -> dict:
    return {
        "id": o.pk,
        "opportunity": o.opportunity_id,
        "kind": o.kind,
        "count": o.count,
        "borough": o.borough.code,
        "ward": o.ward.code if o.ward else None,
        "recorded_on": o.recorded_on,
    }


def _readable(request: HttpRequest) -> tuple[Any, bool]:
    """(user, is coordinator); anyone else who is neither a coordinator nor a volunteer is refused."""
    user = api_user(request)
    if permissions.can_coordinate(user):
        return user, True
    if permissions.is_volunteer(user):
        return user, False
    raise NotAllowed("For volunteer coordinators and volunteers.")


@router.get(
    "/opportunities",
    response=list[OpportunityOut],
    summary="Opportunities: a coordinator's, or a volunteer's invitations",
)
@paginate(Paging)
def list_opportunities(request: HttpRequest) -> Any:
    user, coordinator = _readable(request)
    if coordinator:
        qs = permissions.visible_opportunities(user)
    else:
        qs = Opportunity.objects.filter(invitations__volunteer__user=user)
    qs = qs.prefetch_related("boroughs", "wards").order_by("-starts_at", "pk")
    return mapped(qs, _opportunity_out)


def _opportunity(request: HttpRequest, opportunity_id: int) -> tuple[Opportunity, Any, bool]:
    user, coordinator = _readable(request)
    opportunity = get_object_or_404(Opportunity, pk=opportunity_id)
    if coordinator and permissions.can_run_opportunity(user, opportunity):
        return opportunity, user, True
    if not opportunity.invitations.filter(volunteer__user=user).exists():
        raise Http404("No such opportunity.")
    return opportunity, user, False


@router.get("/opportunities/{opportunity_id}", response=OpportunityOut, summary="One opportunity")
def get_opportunity(request: HttpRequest, opportunity_id: Id) -> dict:
    return _opportunity_out(_opportunity(request, opportunity_id)[0])


@router.get(
    "/opportunities/{opportunity_id}/deployments",
    response=list[DeploymentOut],
    summary="Deployments (accepted places, check-in and out): all for coordinators, your own for a volunteer",
)
@paginate(Paging)
def deployments(request: HttpRequest, opportunity_id: Id) -> Any:
    opportunity, user, coordinator = _opportunity(request, opportunity_id)
    shifts = Shift.objects.filter(opportunity=opportunity).select_related("volunteer").order_by("starts_at", "pk")
    if not coordinator:
        shifts = shifts.filter(volunteer__user=user)
    return mapped(
        shifts,
        lambda s: {
            "id": s.pk,
            "opportunity": s.opportunity_id,
            "volunteer": s.volunteer.name if coordinator else None,
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
            "checked_in_at": s.checked_in_at,
            "checked_out_at": s.checked_out_at,
        },
    )


@router.get("/outputs", response=list[OutputOut], summary="Outputs in a coordinator's boroughs, by day, type and place")
@paginate(Paging)
def list_outputs(request: HttpRequest, since: QueryDate | None = None, until: QueryDate | None = None) -> Any:
    user = api_user(request)
    if not permissions.can_coordinate(user):
        raise NotAllowed("For volunteer coordinators.")
    until = until or timezone.localdate()
    since = since or date(until.year - 1, 1, 1)
    qs = queries.outputs_in(user, since, until).select_related("borough", "ward").order_by("-recorded_on", "-pk")
    return mapped(qs, _output_out)


@router.post("/opportunities/{opportunity_id}/outputs", response={201: OutputOut}, summary="Record an output")
def record_output(request: HttpRequest, opportunity_id: Id, payload: OutputIn) -> Status:
    user = api_user(request)
    if not permissions.can_coordinate(user):
        raise NotAllowed("For volunteer coordinators.")
    opportunity = get_object_or_404(Opportunity, pk=opportunity_id)
    if not permissions.can_run_opportunity(user, opportunity):
        raise Http404("No such opportunity.")
    borough = Borough.objects.filter(code=payload.borough).first()
    ward = Ward.objects.filter(code=payload.ward).first() if payload.ward else None
    if payload.ward and ward is None:
        raise Http404("No ward with that code.")
    data = {"kind": payload.kind, "count": payload.count, "borough": borough, "ward": ward}
    if payload.recorded_on:
        data["recorded_on"] = payload.recorded_on
    return Status(201, _output_out(services.record_output(by=user, opportunity=opportunity, data=data)))
