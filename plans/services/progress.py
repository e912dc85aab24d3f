"""Progress on actions, with their history, and the annual review that carries a plan into a new issue."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import NotAllowed, ServiceError
from plans import permissions
from plans.models import Action, Commitment, EvidenceLink, Plan, ProgressUpdate, Rag, Section
from plans.services.structure import _require_manager, unique_plan_slug

# --- progress -------------------------------------------------------------------------------------


@transaction.atomic
def add_progress(
    action: Action,
    *,
    by: Any,
    reported_on: date | None = None,
    narrative: str,
    status: str = "",
    percent_complete: int | None = None,
    milestone: str = "",
    evidence: Sequence[tuple[str, str]] | Sequence[str] = (),
    by_label: str = "",
    today: date | None = None,
) -> ProgressUpdate:
    """A lead reports progress on an action; the action takes the update's status."""
    user = by if getattr(by, "is_authenticated", False) else None
    if user is not None and not permissions.can_report_progress(user, action):
        raise NotAllowed("Only staff in the action's lead unit, or plan managers, can report progress on it.")
    if action.plan.status == Plan.Status.SUPERSEDED:
        raise ServiceError(
            "This version of the plan has been replaced: report progress on the latest version.", field="narrative"
        )
    today = today or timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        raise ServiceError("The date of a progress update cannot be in the future.", field="reported_on")
    narrative = (narrative or "").strip()
    if not narrative:
        raise ServiceError("Describe the progress made.", field="narrative")
    if status not in Rag.values:
        raise ServiceError("Choose a status.", field="status")
    if percent_complete is not None and not 0 <= percent_complete <= 100:
        raise ServiceError("The percentage complete must be between 0 and 100.", field="percent_complete")
    links: list[tuple[str, str]] = []
    validate_url = URLValidator(schemes=["http", "https"])
    for item in evidence:
        url, title = (item, "") if isinstance(item, str) else (item[0], item[1])
        url = url.strip()
        if not url:
            continue
        try:
            validate_url(url)
        except ValidationError as exc:
            raise ServiceError(f"“{url}” is not a web address (https://…).", field="evidence") from exc
        links.append((url, title.strip()))
    update = ProgressUpdate.objects.create(
        action=action,
        reported_on=reported_on,
        narrative=narrative,
        status=status,
        percent_complete=percent_complete,
        milestone=milestone.strip(),
        by=user,
        by_label=by_label or (getattr(user, "email", "") if user else (by if isinstance(by, str) else "")),
    )
    for url, title in links:
        EvidenceLink.objects.create(update=update, url=url, title=title)
    before = {"status": action.status, "last_progress_on": action.last_progress_on}
    latest = action.updates.order_by("-reported_on", "-pk").first()
    if latest is not None and latest.pk == update.pk:
        if status:
            action.status = status
        action.last_progress_on = reported_on
    elif action.last_progress_on is None or reported_on > action.last_progress_on:
        action.last_progress_on = reported_on
    action.flagged_overdue_at = None
    action.flagged_stalled_at = None
    action.save(update_fields=["status", "last_progress_on", "flagged_overdue_at", "flagged_stalled_at"])
    audit.log(
        by,
        "plan.progress_reported",
        action,
        changes={
            "reported_on": reported_on,
            "status": [before["status"], action.status],
            "narrative": narrative,
            "percent_complete": percent_complete,
            "milestone": milestone,
            "evidence": [u for u, _ in links],
        },
    )
    return update


# --- annual review --------------------------------------------------------------------------------


@transaction.atomic
def review_plan(plan: Plan, *, by: Any, issued_on: date, title: str = "", period_label: str = "") -> Plan:
    """Copy a plan to its next version, carrying open actions forward; the old version stays readable."""
    _require_manager(by)
    if plan.later_versions.exists():
        raise ServiceError("This plan has already been reviewed: review its latest version.", field="issued_on")
    if plan.issued_on and issued_on <= plan.issued_on:
        raise ServiceError("The new version must be dated after the current one.", field="issued_on")
    new = Plan.objects.create(
        title=title.strip() or plan.title,
        slug=unique_plan_slug(f"{plan.slug.rsplit('-v', 1)[0]}-v{plan.version + 1}"),
        owner=plan.owner,
        period_label=period_label.strip() or plan.period_label,
        period_start=plan.period_start,
        period_end=plan.period_end,
        issued_on=issued_on,
        version=plan.version + 1,
        previous_version=plan,
        section_label=plan.section_label,
        action_label=plan.action_label,
        summary=plan.summary,
        governance=plan.governance,
        notes=plan.notes,
        source=plan.source,
        status=Plan.Status.ACTIVE,
        is_public=plan.is_public,
    )
    sections: dict[int, Section] = {}
    commitments: dict[int, Commitment] = {}
    for section in plan.sections.prefetch_related("commitments"):
        old_pk = section.pk
        copy = Section.objects.create(
            plan=new,
            number=section.number,
            title=section.title,
            statement=section.statement,
            equality_impact=section.equality_impact,
            comments=section.comments,
            source_note=section.source_note,
            order=section.order,
        )
        sections[old_pk] = copy
        for commitment in section.commitments.all():
            commitments[commitment.pk] = Commitment.objects.create(
                section=copy, text=commitment.text, order=commitment.order
            )
    carried = 0
    for action in plan.actions.prefetch_related("lead_units", "other_sections"):
        if not action.is_open:
            continue
        copy_action = Action.objects.create(
            plan=new,
            section=sections.get(action.section_id) if action.section_id else None,
            section_text=action.section_text,
            commitment=commitments.get(action.commitment_id) if action.commitment_id else None,
            reference=action.reference,
            order=action.order,
            description=action.description,
            sub_points=action.sub_points,
            lead_text=action.lead_text,
            outcome=action.outcome,
            performance_measure=action.performance_measure,
            deadline_text=action.deadline_text,
            deadline_kind=action.deadline_kind,
            deadline_start=action.deadline_start,
            deadline_end=action.deadline_end,
            budget=action.budget,
            budget_text=action.budget_text,
            status=action.status,
            last_progress_on=action.last_progress_on,
            carried_from=action,
            source_note=action.source_note,
        )
        copy_action.lead_units.set(action.lead_units.all())
        copy_action.other_sections.set([sections[s.pk] for s in action.other_sections.all() if s.pk in sections])
        copy_action.activities.set(action.activities.all())
        carried += 1
    plan.status = Plan.Status.SUPERSEDED
    plan.save(update_fields=["status", "updated_at"])
    audit.log(by, "plan.reviewed", plan, changes={"new_version": new.version, "carried_forward": carried})
    audit.log(by, "plan.created", new, changes={"from_version": plan.version, "carried_forward": carried})
    return new


def history_of(action: Action) -> list[Action]:
    """The action and the versions it was carried from, newest first."""
    chain = [action]
    seen = {action.pk}
    current = action
    while current.carried_from_id and current.carried_from_id not in seen:
        current = Action.objects.select_related("plan").get(pk=current.carried_from_id)
        chain.append(current)
        seen.add(current.pk)
    return chain


def updates_with_history(action: Action) -> list[ProgressUpdate]:
    """Progress updates of the action and of the earlier versions it was carried from."""
    ids = [a.pk for a in history_of(action)]
    return list(
        ProgressUpdate.objects.filter(action_id__in=ids)
        .select_related("action__plan")
        .prefetch_related("evidence")
        .order_by("-reported_on", "-pk")
    )
