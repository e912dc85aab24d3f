"""API v1: Plans. Public plans for anyone; restricted plans with the pages' rules; writes for plan managers,
progress for the action's lead unit.

GET  /api/v1/plans/                          plans the caller may read
GET  /api/v1/plans/{slug}                    one plan with its sections and actions (latest progress)
GET  /api/v1/plans/{slug}/report?as_of=      counts by status and budget per section, as of a date
POST /api/v1/plans/                          create a plan (MANAGE_PLANS)
POST /api/v1/plans/{slug}/actions            add an action (MANAGE_PLANS)
PATCH /api/v1/plans/actions/{id}             change an action (MANAGE_PLANS)
GET  /api/v1/plans/actions/{id}              one action with all its progress
POST /api/v1/plans/actions/{id}/progress     report progress (lead unit staff or MANAGE_PLANS)
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from core.api_caller import api_user
from core.api_paging import Paging, mapped, paginate
from core.bounds import MAX_LIST, MAX_TEXT, BoundedDate, Id, Money, ObjectIn, QueryDate
from core.errors import NotAllowed, ServiceError
from organisations.models import Unit
from plans import permissions, queries, services
from plans.models import Action, Plan, ProgressUpdate, Rag

router = Router(tags=["Plans"])


class ProgressOut(Schema):
    id: int
    reported_on: date
    narrative: str
    status: str
    percent_complete: int | None
    milestone: str
    reported_by: str
    evidence: list[str]


class ActionOut(Schema):
    id: int
    reference: str
    section: str | None
    other_sections: list[str]
    commitment: str | None
    description: str
    sub_points: list[str]
    lead: str
    lead_units: list[str]
    outcome: str
    performance_measure: str
    deadline: str
    deadline_kind: str
    deadline_start: date | None
    deadline_end: date | None
    budget: Decimal | None
    budget_text: str
    status: str
    carried_from: int | None
    activities: list[int]
    latest_progress: ProgressOut | None = None
    url: str


class ActionDetailOut(ActionOut):
    progress: list[ProgressOut]


class SectionOut(Schema):
    number: str
    title: str
    statement: str
    equality_impact: str
    source_note: str
    commitments: list[str]
    budget: Decimal | None


class PlanOut(Schema):
    slug: str
    title: str
    owner: str
    period: str
    issued_on: date | None
    version: int
    previous_version: str | None
    status: str
    is_public: bool
    section_label: str
    action_label: str
    url: str


class PlanDetailOut(PlanOut):
    summary: str
    governance: str
    source: str
    sections: list[SectionOut]
    actions: list[ActionOut]
    total_budget: Decimal | None


class SectionReportOut(Schema):
    section: str
    counts: dict[str, int]
    budget: Decimal | None


class ReportOut(Schema):
    plan: str
    as_of: date
    sections: list[SectionReportOut]
    totals: dict[str, int]
    total_budget: Decimal | None
    exceptions: list[str]


class PlanIn(ObjectIn):
    title: str = Field(..., min_length=1, max_length=250)
    owner: str = Field(..., max_length=200, description="The owning unit's short name or slug")
    period_label: str = Field("", max_length=60)
    issued_on: BoundedDate | None = None
    section_label: str = Field("Principle", max_length=40)
    action_label: str = Field("Action", max_length=40)
    summary: str = Field("", max_length=MAX_TEXT)
    is_public: bool = False


class ActionIn(ObjectIn):
    reference: str = Field(..., max_length=20)
    section: str | None = Field(None, max_length=20, description="The section's number")
    description: str = Field(..., max_length=MAX_TEXT)
    sub_points: list[str] = Field([], max_length=MAX_LIST)
    lead: str = Field("", max_length=200, description="Lead unit short names as printed, e.g. 'CO11 & CO20'")
    outcome: str = Field("", max_length=MAX_TEXT)
    performance_measure: str = Field("", max_length=MAX_TEXT)
    deadline: str = Field("", max_length=100, description="A date, a period ('Apr – Nov 2026') or 'ongoing'")
    budget: Money | None = None


class ActionPatch(ObjectIn):
    activities: list[Id] | None = Field(
        None, max_length=MAX_LIST, description="Register activity numbers that deliver it"
    )
    reference: str | None = Field(None, max_length=20)
    description: str | None = Field(None, max_length=MAX_TEXT)
    lead: str | None = Field(None, max_length=200)
    outcome: str | None = Field(None, max_length=MAX_TEXT)
    performance_measure: str | None = Field(None, max_length=MAX_TEXT)
    deadline: str | None = Field(None, max_length=100)
    budget: Money | None = None


class ProgressIn(ObjectIn):
    narrative: str = Field(..., max_length=MAX_TEXT)
    reported_on: BoundedDate | None = None
    status: str = Field("", max_length=20, description="not_started, on_track, at_risk, off_track, complete or empty")
    percent_complete: int | None = Field(None, ge=0, le=100)
    milestone: str = Field("", max_length=200)
    evidence: list[str] = Field([], max_length=100)


def _progress(u: ProgressUpdate) -> dict[str, Any]:
    return {
        "id": u.pk,
        "reported_on": u.reported_on,
        "narrative": u.narrative,
        "status": u.status,
        "percent_complete": u.percent_complete,
        "milestone": u.milestone,
        "reported_by": u.by_label,
        "evidence": [e.url for e in u.evidence.all()],
    }


def _action(a: Action, latest: ProgressUpdate | None = None) -> dict[str, Any]:
    return {
        "id": a.pk,
        "reference": a.reference,
        "section": a.section.number or a.section.title if a.section else None,
        "other_sections": [s.number or s.title for s in a.other_sections.all()],
        "commitment": a.commitment.text if a.commitment else None,
        "description": a.description,
        "sub_points": a.sub_points,
        "lead": a.lead_text,
        "lead_units": [u.short_name or u.name for u in a.lead_units.all()],
        "outcome": a.outcome,
        "performance_measure": a.performance_measure,
        "deadline": a.deadline_text,
        "deadline_kind": a.deadline_kind,
        "deadline_start": a.deadline_start,
        "deadline_end": a.deadline_end,
        "budget": a.budget,
        "budget_text": a.budget_text,
        "status": a.status,
        "carried_from": a.carried_from_id,
        "activities": [x.pk for x in a.activities.all()],
        "latest_progress": _progress(latest) if latest else None,
        "url": a.get_absolute_url(),
    }


def _plan(p: Plan) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "title": p.title,
        "owner": p.owner.short_name or p.owner.name,
        "period": p.period_label,
        "issued_on": p.issued_on,
        "version": p.version,
        "previous_version": p.previous_version.slug if p.previous_version_id and p.previous_version else None,
        "status": p.status,
        "is_public": p.is_public,
        "section_label": p.section_label,
        "action_label": p.action_label,
        "url": p.get_absolute_url(),
    }


def _readable(request: HttpRequest, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("owner", "previous_version"), slug=slug)
    if not permissions.can_read(api_user(request), plan):
        raise Http404("No such plan.")
    return plan


def _owner(text: str) -> Unit:
    unit = services.find_lead_unit(text) or Unit.objects.filter(slug=text).first()
    if unit is None:
        raise ServiceError(f"Unknown unit “{text}”.", field="owner")
    return unit


@router.get("/", response=list[PlanOut])
@paginate(Paging)
def list_plans(request: HttpRequest) -> Any:
    plans = queries.readable_plans(api_user(request)).select_related("previous_version")
    return mapped(plans.order_by("-issued_on", "title", "-version", "pk"), _plan)


@router.post("/", response={201: PlanOut})
def create_plan(request: HttpRequest, payload: PlanIn) -> tuple[int, dict[str, Any]]:
    user = api_user(request)
    if not permissions.can_manage(user):
        raise NotAllowed("Only plan managers can create plans.")
    data = payload.dict()
    data["owner"] = _owner(payload.owner)
    plan = services.create_plan(by=user, data=data)
    return 201, _plan(plan)


@router.get("/actions/{action_id}", response=ActionDetailOut)
def get_action(request: HttpRequest, action_id: int) -> dict[str, Any]:
    action = get_object_or_404(Action.objects.select_related("plan"), pk=action_id)
    _readable(request, action.plan.slug)
    updates = services.updates_with_history(action)
    return {**_action(action, updates[0] if updates else None), "progress": [_progress(u) for u in updates]}


@router.patch("/actions/{action_id}", response=ActionOut)
def change_action(request: HttpRequest, action_id: int, payload: ActionPatch) -> dict[str, Any]:
    user = api_user(request)
    action = get_object_or_404(Action.objects.select_related("plan", "section", "commitment"), pk=action_id)
    if not permissions.can_manage(user):
        raise NotAllowed("Only plan managers can change actions.")
    data: dict[str, Any] = {
        "reference": action.reference,
        "section": action.section,
        "commitment": action.commitment,
        "description": action.description,
        "sub_points": action.sub_points,
        "lead_text": action.lead_text,
        "outcome": action.outcome,
        "performance_measure": action.performance_measure,
        "deadline_text": action.deadline_text,
        "budget": action.budget,
        "budget_text": action.budget_text,
        "lead_units": list(action.lead_units.all()),
        "source_note": action.source_note,
    }
    changes = payload.dict(exclude_unset=True)
    activity_ids = changes.pop("activities", None)
    renames = {"lead": "lead_text", "deadline": "deadline_text"}
    for key, value in changes.items():
        data[renames.get(key, key)] = value
    if "lead" in changes:
        data["lead_units"] = None
    if "budget" in changes:
        data["budget_text"] = ""
    with transaction.atomic():
        saved = services.save_action(action.plan, by=user, data=data, action=action)
        if activity_ids is not None:
            services.link_activities(saved, by=user, activity_ids=activity_ids)
    return _action(saved)


@router.post("/actions/{action_id}/progress", response={201: ProgressOut})
def report_progress(request: HttpRequest, action_id: int, payload: ProgressIn) -> tuple[int, dict[str, Any]]:
    user = api_user(request)
    action = get_object_or_404(Action.objects.select_related("plan"), pk=action_id)
    if not user.is_authenticated:
        raise NotAllowed("Sign in, or send an API token, to report progress.")
    if payload.status not in Rag.values:
        raise ServiceError("Unknown status.", field="status")
    update = services.add_progress(
        action,
        by=user,
        reported_on=payload.reported_on,
        narrative=payload.narrative,
        status=payload.status,
        percent_complete=payload.percent_complete,
        milestone=payload.milestone,
        evidence=payload.evidence,
    )
    return 201, _progress(update)


@router.get("/{slug}", response=PlanDetailOut)
def get_plan(request: HttpRequest, slug: str) -> dict[str, Any]:
    plan = _readable(request, slug)
    report = queries.build_report(plan)
    # Each section's commitments and each action's activities in one query apiece, not one per row.
    prefetch_related_objects([s.section for s in report.sections if s.section is not None], "commitments")
    prefetch_related_objects([r.action for r in report.rows], "activities")
    sections = []
    for summary in report.sections:
        s = summary.section
        if s is None:
            continue
        sections.append(
            {
                "number": s.number,
                "title": s.title,
                "statement": s.statement,
                "equality_impact": s.equality_impact,
                "source_note": s.source_note,
                "commitments": [c.text for c in s.commitments.all()],
                "budget": summary.budget if summary.has_budget else None,
            }
        )
    return {
        **_plan(plan),
        "summary": plan.summary,
        "governance": plan.governance,
        "source": plan.source,
        "sections": sections,
        "actions": [_action(r.action, r.latest) for r in report.rows],
        "total_budget": report.total_budget if report.has_budget else None,
    }


@router.get("/{slug}/report", response=ReportOut)
def get_report(request: HttpRequest, slug: str, as_of: QueryDate | None = None) -> dict[str, Any]:
    plan = _readable(request, slug)
    report = queries.build_report(plan, as_of)
    return {
        "plan": plan.slug,
        "as_of": report.as_of,
        "sections": [
            {
                "section": s.label,
                "counts": {key or "not_recorded": n for key, _, n in s.counts},
                "budget": s.budget if s.has_budget else None,
            }
            for s in report.sections
        ],
        "totals": {key or "not_recorded": n for key, _, n in report.totals},
        "total_budget": report.total_budget if report.has_budget else None,
        "exceptions": [r.action.reference for r in report.exceptions],
    }


@router.post("/{slug}/actions", response={201: ActionOut})
def add_action(request: HttpRequest, slug: str, payload: ActionIn) -> tuple[int, dict[str, Any]]:
    user = api_user(request)
    plan = get_object_or_404(Plan, slug=slug)
    if not permissions.can_manage(user):
        raise NotAllowed("Only plan managers can add actions.")
    section = None
    if payload.section:
        section = plan.sections.filter(number=payload.section).first()
        if section is None:
            raise ServiceError(f"This plan has no {plan.section_label.lower()} {payload.section}.", field="section")
    action = services.save_action(
        plan,
        by=user,
        data={
            "reference": payload.reference,
            "section": section,
            "description": payload.description,
            "sub_points": payload.sub_points,
            "lead_text": payload.lead,
            "outcome": payload.outcome,
            "performance_measure": payload.performance_measure,
            "deadline_text": payload.deadline,
            "budget": payload.budget,
        },
    )
    return 201, _action(action)
