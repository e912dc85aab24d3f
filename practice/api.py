"""API v1: Planning from knowledge. Ward engagement plans and the good-practice library for the staff who may
read them on the pages (the same rules: `practice.permissions`), and the published quarterly Top 10s for anyone."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from core.api_caller import api_user
from core.api_paging import Paging, mapped, paginate
from core.bounds import Id
from core.errors import NotAllowed
from practice import evidence, library, permissions
from practice.models import CaseStudy, TopTen, WardPlan

router = Router(tags=["Planning from knowledge"])


class PlanCommunityOut(Schema):
    community: str
    methods: list[str] = Field(..., description="register methods chosen for the community")
    why: str


class PlanTargetOut(Schema):
    target: str = Field(..., description="the target in words")
    community: str | None = Field(None, description="empty: everyone in the ward")
    method: str = Field(..., description="empty: any method")
    measure: str = Field(..., description="activities (held) or attendance (people who came)")
    number: int


class WardPlanOut(Schema):
    ward: str = Field(..., description="ONS ward code")
    ward_name: str
    borough: str = Field(..., description="ONS borough code")
    status: str = Field(..., description="draft or agreed")
    review_state: str = Field(..., description="not agreed, up to date, due soon or overdue")
    feedback_mechanism: str
    feedback_details: str
    profile_notes: str
    agreed_on: date | None
    last_reviewed_on: date | None
    review_due: date | None
    communities: list[PlanCommunityOut]
    targets: list[PlanTargetOut]


class WardPlanDetailOut(WardPlanOut):
    gaps: list[str] = Field(..., description="gaps the register and Census 2021 suggest, in words")


class CaseStudyOut(Schema):
    id: int
    title: str
    status: str = Field(..., description="submitted, accepted (in the library) or declined")
    method: str
    topic: str
    communities: list[str] = Field(..., description="community slugs")
    unit_name: str
    held_on: date
    what: str
    why: str
    who_took_part: str
    outcome: str
    do_differently: str
    cost: Decimal | None
    cost_from: str = Field(..., description="register or case")
    reach: int = Field(..., description="people who came: attendance where recorded, else reach")
    outcomes: int
    activities: list[int] = Field(..., description="ids of its activities in the engagement register")


class TopTenEntryOut(Schema):
    rank: int
    case: int = Field(..., description="id of the case study")
    title: str
    unit_name: str
    method: str
    topic: str
    cost_per_person: Decimal
    cost_per_outcome: Decimal
    reach: int
    what: str
    outcome: str
    note: str = Field(..., description="the reviewers' note")


class TopTenOut(Schema):
    slug: str
    label: str = Field(..., description="financial quarter, e.g. 2025-26 Q1")
    starts_on: date
    ends_on: date
    introduction: str
    published_at: datetime | None
    entries: list[TopTenEntryOut]


def _plan_out(plan: WardPlan) -> dict[str, Any]:
    return {
        "ward": plan.ward.code,
        "ward_name": plan.ward.name,
        "borough": plan.ward.borough.code,
        "status": plan.status,
        "review_state": plan.review_state(timezone.localdate()),
        "feedback_mechanism": plan.feedback_mechanism,
        "feedback_details": plan.feedback_details,
        "profile_notes": plan.profile_notes,
        "agreed_on": plan.agreed_on,
        "last_reviewed_on": plan.last_reviewed_on,
        "review_due": plan.review_due,
        "communities": [
            {"community": c.community.name, "methods": c.methods, "why": c.why} for c in plan.communities.all()
        ],
        "targets": [
            {
                "target": t.describe(),
                "community": t.community.name if t.community else None,
                "method": t.method,
                "measure": t.measure,
                "number": t.number,
            }
            for t in plan.targets.all()
        ],
    }


def _plans(user: Any) -> Any:
    if not permissions.reads_plans(user):
        raise NotAllowed("Only staff whose role includes ward engagement plans read them.")
    return (
        WardPlan.objects.filter(ward__in=permissions.plannable_wards(user))
        .select_related("ward__borough")
        .prefetch_related("communities__community", "targets__community")
        .order_by("ward__borough__name", "ward__name", "pk")
    )


@router.get("/plans", response=list[WardPlanOut], summary="Ward engagement plans in your area")
@paginate(Paging)
def list_plans(request: HttpRequest) -> Any:
    return mapped(_plans(api_user(request)), _plan_out)


@router.get("/plans/{ward_code}", response=WardPlanDetailOut, summary="One ward's engagement plan and its gaps")
def get_plan(request: HttpRequest, ward_code: str) -> dict[str, Any]:
    plan = _plans(api_user(request)).filter(ward__code=ward_code).first()
    if plan is None:
        raise Http404("No engagement plan you may read for that ward.")
    return {**_plan_out(plan), "gaps": evidence.for_ward(plan.ward).gaps}


def _case_out(case: CaseStudy) -> dict[str, Any]:
    return {
        "id": case.pk,
        "title": case.title,
        "status": case.status,
        "method": case.method,
        "topic": case.topic,
        "communities": [c.slug for c in case.communities.all()],
        "unit_name": case.unit_name,
        "held_on": case.held_on,
        "what": case.what,
        "why": case.why,
        "who_took_part": case.who_took_part,
        "outcome": case.outcome,
        "do_differently": case.do_differently,
        "cost": case.cost,
        "cost_from": case.cost_from,
        "reach": case.reach,
        "outcomes": case.outcomes,
        "activities": [a.pk for a in case.activities.all()],
    }


def _cases(user: Any) -> Any:
    if not permissions.reads_library(user):
        raise NotAllowed("Only staff whose role includes the good-practice library read it.")
    return library.visible_cases(user).prefetch_related("communities", "activities")


@router.get(
    "/cases",
    response=list[CaseStudyOut],
    summary="Case studies: the library's, your own submissions, and (for curators) every one",
)
@paginate(Paging)
def list_cases(request: HttpRequest) -> Any:
    user = api_user(request)
    filters = library.Filters.from_get(request.GET, bool(permissions.curates_cases(user)))
    qs = library.search(_cases(user), filters).order_by("-held_on", "-pk")
    return mapped(qs, _case_out)


@router.get("/cases/{case_id}", response=CaseStudyOut, summary="One case study")
def get_case(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    case = _cases(api_user(request)).filter(pk=case_id).first()
    if case is None:
        raise Http404("No case study you may read with that id.")
    return _case_out(case)


def _top_ten_out(top_ten: TopTen) -> dict[str, Any]:
    return {
        "slug": top_ten.slug,
        "label": top_ten.label,
        "starts_on": top_ten.starts_on,
        "ends_on": top_ten.ends_on,
        "introduction": top_ten.introduction,
        "published_at": top_ten.published_at,
        "entries": [
            {
                "rank": e.rank,
                "case": e.case_id,
                "title": e.case.title,
                "unit_name": e.case.unit_name,
                "method": e.case.method,
                "topic": e.case.topic,
                "cost_per_person": e.cost_per_person,
                "cost_per_outcome": e.cost_per_outcome,
                "reach": e.case.reach,
                "what": e.case.what,
                "outcome": e.case.outcome,
                "note": e.note,
            }
            for e in top_ten.entries.all()
        ],
    }


def _published() -> Any:
    return library.published().prefetch_related("entries__case")


@router.get("/top-10", response=list[TopTenOut], summary="Published quarterly Top 10s, latest first (open to all)")
@paginate(Paging)
def list_top_tens(request: HttpRequest) -> Any:
    return mapped(_published().order_by("-starts_on", "pk"), _top_ten_out)


@router.get("/top-10/{slug}", response=TopTenOut, summary="One quarter's published Top 10 (open to all)")
def get_top_ten(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _top_ten_out(get_object_or_404(_published(), slug=slug))
