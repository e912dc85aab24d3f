"""API v1: Groups. Public groups and their public meetings for anyone; restricted groups for staff who
may read them; representativeness as suppressed aggregates for equality readers and the group's managers."""

from datetime import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from core.api_caller import api_user
from core.api_choices import OneOf
from core.api_paging import Paging, mapped, paginate
from core.errors import NotAllowed
from equality import queries as equality
from groups import permissions, queries
from groups.models import CommunityGroup, Meeting

router = Router(tags=["Groups"])


class GroupOut(Schema):
    id: int
    name: str
    kind: Annotated[str, OneOf(CommunityGroup.Kind)]
    kind_label: str
    focus: str
    level: str
    ward: str | None = Field(None, description="ONS ward code")
    borough: str | None = Field(None, description="ONS borough code")
    purpose: str
    terms_of_reference: str
    is_public: bool
    meets: str
    contact_name: str
    contact_email: str
    contact_phone: str
    supporting_unit: str | None = Field(None, description="slug of the supporting unit")
    represented_on: int | None = Field(None, description="id of the wider group it sends a representative to")
    public_url: str | None


class MeetingOut(Schema):
    id: int
    group: int
    group_name: str
    activity: int = Field(..., description="id of the activity in the engagement register")
    starts_at: datetime
    ends_at: datetime
    venue: str
    venue_accessibility: str
    status: str
    url: str


class RowOut(Schema):
    label: str
    count: int | None = Field(..., description="perturbed count (cell-key method); null when under the threshold")
    group_share: float | None
    population_share: float
    ratio: float | None
    assessment: str


class DimensionOut(Schema):
    key: str
    label: str
    note: str
    rows: list[RowOut]


class RepresentativenessOut(Schema):
    group: int
    area: str
    suppression_threshold: int
    minimum_population: int = Field(..., description="no breakdown at all for fewer members who answered")
    total: int | None = Field(
        ..., description="members who answered, rounded to the nearest 5; null when too few to show anything"
    )
    notes: list[str]
    dimensions: list[DimensionOut]


def _group_out(g: CommunityGroup) -> dict:
    return {
        "id": g.pk,
        "name": g.name,
        "kind": g.kind,
        "kind_label": g.get_kind_display(),
        "focus": g.focus,
        "level": g.level,
        "ward": g.ward.code if g.ward else None,
        "borough": g.borough.code if g.borough else None,
        "purpose": g.purpose,
        "terms_of_reference": g.terms_of_reference,
        "is_public": g.is_public,
        "meets": g.meets,
        "contact_name": g.contact_name,
        "contact_email": g.contact_email,
        "contact_phone": g.contact_phone,
        "supporting_unit": g.supporting_unit.slug if g.supporting_unit else None,
        "represented_on": g.represented_on_id,
        "public_url": g.get_public_url() if g.is_public else None,
    }


def _meeting_out(m: Meeting) -> dict:
    return {
        "id": m.pk,
        "group": m.group_id,
        "group_name": m.group.name,
        "activity": m.activity_id,
        "starts_at": m.activity.starts_at,
        "ends_at": m.activity.ends_at,
        "venue": m.activity.venue,
        "venue_accessibility": m.activity.venue_accessibility,
        "status": m.activity.status,
        "url": m.activity.get_public_url(),
    }


@router.get(
    "/",
    response=list[GroupOut],
    summary="Groups: public ones to anyone, restricted ones to staff in scope (filter by ONS borough or ward code)",
)
@paginate(Paging)
def list_groups(
    request: HttpRequest,
    kind: Annotated[str, OneOf(CommunityGroup.Kind)] | None = None,
    borough: str = "",
    ward: str = "",
) -> Any:
    qs = permissions.visible_to(api_user(request)).select_related("ward", "borough", "supporting_unit")
    if kind:
        qs = qs.filter(kind=kind)
    if borough:
        qs = qs.filter(borough__code=borough)
    if ward:
        qs = qs.filter(ward__code=ward)
    return mapped(qs.order_by("name", "pk"), _group_out)


@router.get("/meetings", response=list[MeetingOut], summary="Upcoming public meetings of public groups")
@paginate(Paging)
def public_meetings(request: HttpRequest, borough: str = "", ward: str = "") -> Any:
    qs = queries.public_meetings().filter(activity__starts_at__gte=timezone.now())
    if borough:
        qs = qs.filter(group__borough__code=borough)
    if ward:
        qs = qs.filter(group__ward__code=ward)
    return mapped(qs.order_by("activity__starts_at", "pk"), _meeting_out)


def _visible(request: HttpRequest, group_id: int) -> CommunityGroup:
    group = (
        permissions.visible_to(api_user(request))
        .select_related("ward", "borough", "supporting_unit")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise Http404("No such group")
    return group


@router.get("/{group_id}", response=GroupOut, summary="One group")
def get_group(request: HttpRequest, group_id: int) -> dict:
    return _group_out(_visible(request, group_id))


@router.get(
    "/{group_id}/representativeness",
    response=RepresentativenessOut,
    summary="Members' equality profile against the Census 2021 profile of the area (aggregate, suppressed)",
)
def representativeness(request: HttpRequest, group_id: int) -> dict:
    user = api_user(request)
    group = _visible(request, group_id)
    if not permissions.can_read_equality(user, group):
        raise NotAllowed("Equality figures are for equality readers and the group's own managers.")
    wards, boroughs, london = group.area()
    c = equality.compare_with_census(
        contexts=[group.context], wards=wards, boroughs=boroughs, london=london, user=user, permitted=True
    )
    return {
        "group": group.pk,
        "area": c.area,
        "suppression_threshold": c.threshold,
        "minimum_population": c.minimum_population,
        "total": c.total,
        "notes": c.notes,
        "dimensions": [
            {"key": d.key, "label": d.label, "note": d.note, "rows": [vars(r) for r in d.rows]} for d in c.dimensions
        ],
    }
