"""API v1: issues (the public raise them; staff read them in scope), ward priorities, police.uk shape."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from core.api_caller import api_user
from core.api_choices import OneOf
from core.api_paging import Paging, mapped, paginate
from core.bounds import MAX_TEXT, ObjectIn, QueryDate
from places.models import Ward
from priorities import permissions, queries, services
from priorities.models import Category, Issue, Priority, Review
from priorities.views.public import client_ip

router = Router(tags=["Priorities"])


class IssueIn(ObjectIn):
    category: Annotated[str, OneOf(Category)]
    description: str = Field(..., max_length=MAX_TEXT)
    frequency: Annotated[str, OneOf(Issue.Frequency)]
    postcode: str = Field("", max_length=12)
    ward: str = Field("", max_length=20, description="Ward ONS code, if no postcode")
    address: str = Field("", max_length=255)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    contact_name: str = Field("", max_length=150)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=30)


class IssueCreated(Schema):
    reference: str
    ward: str
    ward_name: str


class IssueOut(Schema):
    reference: str
    created_at: datetime
    category: Annotated[str, OneOf(Category)]
    frequency: Annotated[str, OneOf(Issue.Frequency)]
    status: Annotated[str, OneOf(Issue.Status)]
    source: Annotated[str, OneOf(Issue.Source)]
    ward: str
    ward_name: str
    borough: str
    postcode: str
    address: str
    description: str
    wants_reply: bool


class ReviewOut(Schema):
    reviewed_on: date
    done: str
    outcome: Annotated[str, OneOf(Review.Outcome)]


class PriorityOut(Schema):
    id: int
    ward: str
    ward_name: str
    category: Annotated[str, OneOf(Category)]
    issue: str
    action: str
    status: Annotated[str, OneOf(Priority.Status)]
    set_by: Annotated[str, OneOf(Priority.SetBy)]
    set_on: date | None
    review_by: date | None
    closed_on: date | None
    reviews: list[ReviewOut]


class PoliceUkPriority(Schema):
    issue: str
    issue_date: str | None = Field(None, alias="issue-date")
    action: str | None
    action_date: str | None = Field(None, alias="action-date")


@router.post("/issues", response={201: IssueCreated}, summary="Raise an issue (no account needed)")
def raise_issue(request: HttpRequest, payload: IssueIn) -> tuple[int, dict[str, str]]:
    user = api_user(request)
    if not user.is_authenticated:
        services.check_rate_limit(client_ip(request))
    place = services.resolve_place(
        postcode=payload.postcode, ward_code=payload.ward, latitude=payload.latitude, longitude=payload.longitude
    )
    issue = services.raise_issue(
        category=payload.category,
        description=payload.description,
        frequency=payload.frequency,
        place=place,
        address=payload.address,
        contact_name=payload.contact_name,
        contact_email=payload.contact_email,
        contact_phone=payload.contact_phone,
        by=user if user.is_authenticated else None,
    )
    return 201, {"reference": issue.reference or "", "ward": place.ward.code, "ward_name": place.ward.name}


def _issue_out(i: Issue, reporter_scope: Any) -> dict[str, Any]:
    postcode, address = queries.issue_place(i, reporter_scope)
    return {
        "reference": i.reference,
        "created_at": i.created_at,
        "category": i.category,
        "frequency": i.frequency,
        "status": i.status,
        "source": i.source,
        "ward": i.ward.code,
        "ward_name": i.ward.name,
        "borough": i.borough.code,
        "postcode": postcode,
        "address": address,
        "description": i.description,
        "wants_reply": i.wants_reply,
    }


@router.get("/issues", response=list[IssueOut], summary="Issues raised in your area (staff)")
@paginate(Paging)
def list_issues(
    request: HttpRequest,
    ward: str = "",
    borough: str = "",
    category: Annotated[str, OneOf(Category)] | None = None,
    status: Annotated[str, OneOf(Issue.Status)] | None = None,
    date_from: QueryDate | None = None,
    date_to: QueryDate | None = None,
) -> Any:
    user = api_user(request)
    scope = permissions.issue_scope(user)
    if scope.is_empty:
        raise HttpError(403, "Only staff may read the issues raised.")
    qs = queries.filter_issues(
        queries.issues_for_scope(scope),
        {
            "ward": ward,
            "borough": borough,
            "category": category,
            "status": status,
            "date_from": date_from,
            "date_to": date_to,
        },
    )
    reporters = permissions.reporter_scope(user)
    return mapped(qs.order_by("-created_at", "-pk"), lambda i: _issue_out(i, reporters))


def _priority_out(p: Priority) -> dict[str, Any]:
    return {
        "id": p.pk,
        "ward": p.ward.code,
        "ward_name": p.ward.name,
        "category": p.category,
        "issue": p.issue,
        "action": p.action,
        "status": p.status,
        "set_by": p.set_by,
        "set_on": p.set_on,
        "review_by": p.review_by,
        "closed_on": p.closed_on,
        "reviews": [{"reviewed_on": r.reviewed_on, "done": r.done, "outcome": r.outcome} for r in p.reviews.all()],
    }


@router.get("/", response=list[PriorityOut], summary="Ward priorities (public)")
@paginate(Paging)
def list_priorities(
    request: HttpRequest,
    ward: str = "",
    borough: str = "",
    status: Annotated[str, OneOf(Priority.Status, "all")] = "current",
    category: Annotated[str, OneOf(Category)] | None = None,
) -> Any:
    qs = Priority.objects.exclude(status__in=[Priority.Status.PROPOSED, Priority.Status.NOT_CHOSEN])
    if status and status != "all":
        qs = qs.filter(status=status)
    if ward:
        qs = qs.filter(ward__code=ward.upper())
    if borough:
        qs = qs.filter(ward__borough__code=borough.upper())
    if category:
        qs = qs.filter(category=category)
    qs = qs.select_related("ward").prefetch_related("reviews")
    return mapped(qs, _priority_out)


@router.get(
    "/wards/{code}/police-uk",
    response=list[PoliceUkPriority],
    by_alias=True,
    url_name="priorities_police_uk",
    summary="A ward's priorities shaped like police.uk neighbourhood priorities",
    description=(
        "The same keys as `GET https://data.police.uk/api/{force}/{neighbourhood}/priorities`: `issue` and "
        "`action` are HTML-escaped text; `issue-date` and `action-date` are local times `YYYY-MM-DDTHH:MM:SS`. "
        "`action` is what was done at the latest review or, before any review, what will be done "
        "(`action-date` null)."
    ),
)
def police_uk(request: HttpRequest, code: str) -> list[dict[str, str | None]]:
    ward = get_object_or_404(Ward, code=code.upper())
    return queries.police_uk(ward)
