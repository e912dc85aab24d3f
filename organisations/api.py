"""API v1: Organisations. Units are public; posts and changes follow the same rules as the staff pages."""

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from core.api_caller import api_user
from core.api_choices import OneOf
from core.api_paging import Paging, mapped, paginate
from core.bounds import MAX_TEXT, ObjectIn
from organisations import queries, services
from organisations.models import Unit
from organisations.permissions import can_manage_unit, is_staff_member
from places.models import Borough

router = Router(tags=["Organisations"])


class UnitOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: Annotated[str, OneOf(Unit.Kind)]
    kind_label: str
    parent: str | None = None
    borough: str | None = Field(None, description="ONS code of the unit's borough")
    ward: str | None = Field(None, description="ONS code of a neighbourhood team's ward")
    email: str
    phone: str
    contact_notes: str
    is_active: bool
    url: str


class PostOut(Schema):
    id: int
    name: str
    role: str
    role_label: str
    job_title: str
    covers: str
    listed_publicly: bool


class UnitDetail(UnitOut):
    description: str
    children: list[str]


class UnitIn(ObjectIn):
    name: str = Field(..., min_length=1, max_length=200)
    short_name: str = Field("", max_length=40)
    kind: Unit.Kind
    parent: str | None = Field(None, max_length=200, description="slug of the parent unit")
    borough: str | None = Field(None, max_length=20, description="ONS code")
    description: str = Field("", max_length=MAX_TEXT)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


def _unit_out(unit: Unit) -> dict:
    return {
        "slug": unit.slug,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "parent": unit.parent.slug if unit.parent_id and unit.parent else None,
        "borough": unit.borough.code if unit.borough_id and unit.borough else None,
        "ward": unit.ward.code if unit.ward_id and unit.ward else None,
        "email": unit.email,
        "phone": unit.phone,
        "contact_notes": unit.contact_notes,
        "is_active": unit.is_active,
        "url": unit.get_absolute_url(),
    }


@router.get("/units", response=list[UnitOut], summary="List units")
@paginate(Paging)
def list_units(
    request: HttpRequest,
    kind: Unit.Kind | None = None,
    borough: str | None = None,
    q: str | None = None,
) -> Any:
    """Units of the service, the oversight body and partners. Filter by kind, borough (ONS code) or text."""
    units = Unit.objects.select_related("parent", "borough", "ward").order_by("kind", "name", "pk")
    if kind:
        units = units.filter(kind=kind)
    if borough:
        b = Borough.objects.filter(code=borough.upper()).first()
        if b is None:
            raise _not_found(f"No borough has the code {borough}.")
        units = units.filter(Q(borough=b) | Q(borough__isnull=True, command_unit__boroughs=b)).distinct()
    if q:
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return mapped(units, _unit_out)


def _not_found(message: str) -> Exception:
    from django.http import Http404

    return Http404(message)


@router.get("/units/{slug}", response=UnitDetail, summary="One unit")
def unit_detail(request: HttpRequest, slug: str) -> dict:
    unit = Unit.objects.select_related("parent", "borough", "ward").filter(slug=slug).first()
    if unit is None:
        raise _not_found("No unit has this identifier.")
    return {
        **_unit_out(unit),
        "description": unit.description,
        "children": list(unit.children.order_by("name").values_list("slug", flat=True)[:500]),
    }


@router.get("/units/{slug}/posts", response=list[PostOut], summary="The posts of a unit (staff only)")
@paginate(Paging)
def unit_posts(request: HttpRequest, slug: str) -> list[dict]:
    user = api_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Sign in or send an API token to see who holds posts.")
    if not is_staff_member(user):
        raise PermissionDenied("Only staff can see who holds posts.")
    unit = get_object_or_404(Unit, slug=slug)
    return [
        {
            "id": p.pk,
            "name": str(p.user),
            "role": p.role,
            "role_label": p.get_role_display(),
            "job_title": p.job_title,
            "covers": queries.describe_scope(p),
            "listed_publicly": p.listed_publicly,
        }
        for p in queries.posts_of(unit)
    ]


@router.post("/units", response={201: UnitDetail}, summary="Add a unit (administrators)")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status:
    user = api_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Send an API token to add a unit.")
    parent = None
    if payload.parent:
        parent = Unit.objects.filter(slug=payload.parent).first()
        if parent is None:
            raise _not_found("No unit has the parent identifier given.")
    borough = None
    if payload.borough:
        borough = Borough.objects.filter(code=payload.borough.upper()).first()
        if borough is None:
            raise _not_found(f"No borough has the code {payload.borough}.")
    if not can_manage_unit(user, Unit(borough=borough)):
        raise PermissionDenied("Only administrators can add units, within their own area.")
    data = payload.dict()
    data.update(parent=parent, borough=borough)
    unit = services.create_unit(by=user, data=data)
    return Status(201, {**_unit_out(unit), "description": unit.description, "children": []})
