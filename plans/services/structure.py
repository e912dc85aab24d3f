"""Plans and their sections and commitments."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from core import audit
from core.errors import NotAllowed, ServiceError
from plans import permissions
from plans.models import Commitment, Plan, Section

PLAN_FIELDS = [
    "title",
    "owner",
    "period_label",
    "period_start",
    "period_end",
    "issued_on",
    "version",
    "section_label",
    "action_label",
    "summary",
    "governance",
    "source",
    "status",
    "is_public",
]
ACTION_FIELDS = [
    "reference",
    "section",
    "commitment",
    "description",
    "sub_points",
    "lead_text",
    "outcome",
    "performance_measure",
    "deadline_text",
    "deadline_kind",
    "deadline_start",
    "deadline_end",
    "budget",
    "budget_text",
    "status",
    "source_note",
]


# --- plans and sections ---------------------------------------------------------------------------


def unique_plan_slug(text: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(text) or "plan")[:100]
    if base in {"new", "import", "api"}:
        base = f"{base}-plan"
    slug, n = base, 2
    qs = Plan.objects.all() if exclude_pk is None else Plan.objects.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _require_manager(by: Any) -> None:
    if by is not None and not isinstance(by, str) and not permissions.can_manage(by):
        raise NotAllowed("Only plan managers can change plans.")


@transaction.atomic
def create_plan(*, by: Any, data: dict[str, Any]) -> Plan:
    _require_manager(by)
    title = (data.get("title") or "").strip()
    if not title:
        raise ServiceError("Enter the plan's title.", field="title")
    if data.get("owner") is None:
        raise ServiceError("Choose the body that owns the plan.", field="owner")
    plan = Plan(**{k: v for k, v in data.items() if k in PLAN_FIELDS or k == "reference_key"})
    plan.title = title
    plan.slug = data.get("slug") or unique_plan_slug(f"{title} {data.get('period_label', '')}")
    _validate(plan)
    plan.save()
    audit.log(by, "plan.created", plan, changes=audit.snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, by: Any, data: dict[str, Any]) -> Plan:
    _require_manager(by)
    before = audit.snapshot(plan, PLAN_FIELDS)
    for key, value in data.items():
        if key in PLAN_FIELDS:
            setattr(plan, key, value)
    if not (plan.title or "").strip():
        raise ServiceError("Enter the plan's title.", field="title")
    _validate(plan)
    plan.save()
    changes = audit.diff(before, audit.snapshot(plan, PLAN_FIELDS))
    if changes:
        audit.log(by, "plan.changed", plan, changes=changes)
    return plan


def _validate(obj: Any, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ServiceError(messages[0], field=None if field == "__all__" else field) from exc


@transaction.atomic
def add_section(plan: Plan, *, by: Any, data: dict[str, Any]) -> Section:
    _require_manager(by)
    title = (data.get("title") or "").strip()
    if not title:
        raise ServiceError(f"Enter the {plan.section_label.lower()}'s title.", field="title")
    number = (data.get("number") or "").strip()
    if number and plan.sections.filter(number=number).exists():
        raise ServiceError(f"This plan already has a {plan.section_label.lower()} {number}.", field="number")
    order = data.get("order")
    if order is None:
        order = plan.sections.count() + 1
    section = Section.objects.create(
        plan=plan,
        number=number,
        title=title,
        statement=data.get("statement", ""),
        equality_impact=data.get("equality_impact", ""),
        comments=data.get("comments", ""),
        source_note=data.get("source_note", ""),
        order=order,
    )
    audit.log(by, "plan.section_added", plan, changes={"section": str(section)})
    return section


@transaction.atomic
def add_commitment(section: Section, *, by: Any, text: str) -> Commitment:
    _require_manager(by)
    if not text.strip():
        raise ServiceError("Enter the commitment statement.", field="text")
    commitment = Commitment.objects.create(section=section, text=text.strip(), order=section.commitments.count() + 1)
    audit.log(by, "plan.commitment_added", section.plan, changes={"commitment": commitment.text})
    return commitment
