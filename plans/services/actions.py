"""A plan's actions: their leads (units found by name), checked fields, linked activities."""

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from core import audit
from core.errors import ServiceError
from organisations.models import Unit
from plans.models import Action, Plan, Rag
from plans.parsing import parse_budget, parse_deadline
from plans.services.structure import ACTION_FIELDS, _require_manager, _validate

# --- actions --------------------------------------------------------------------------------------

_LEAD_SPLIT = re.compile(r"\s*(?:&|\band\b|,|;|/|\+)\s*")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def find_lead_unit(text: str) -> Unit | None:
    """A unit by short name ("TP(SN)" matches "TP (SN)"), by "Name (SHORT)" or by full name."""
    text = text.strip()
    if not text:
        return None
    wanted = _norm(text)
    candidates = [wanted]
    inner = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if inner:  # a short name with brackets ("TP (SN)") first; then "CTSET (SO15)" → CTSET; "Traffic (CO15)" → CO15
        candidates = [wanted, _norm(inner.group(1)), _norm(inner.group(2))]
    units = list(Unit.objects.exclude(short_name="").values_list("pk", "short_name"))
    by_short = {_norm(short): pk for pk, short in units}
    for candidate in candidates:
        if candidate in by_short:
            return Unit.objects.get(pk=by_short[candidate])
    return Unit.objects.filter(name__iexact=text).order_by("pk").first()


def resolve_leads(text: str) -> list[Unit]:
    """The units named in a printed lead ("CO11 & CO20"); an unknown unit is an error."""
    text = (text or "").strip()
    if not text:
        return []
    whole = find_lead_unit(text)
    if whole is not None:
        return [whole]
    units: list[Unit] = []
    for part in _LEAD_SPLIT.split(text):
        if not part:
            continue
        unit = find_lead_unit(part)
        if unit is None:
            raise ServiceError(f"Unknown lead unit “{part}”. Add the unit first, or correct the lead.", field="lead")
        if unit not in units:
            units.append(unit)
    return units


def _clean_action_data(plan: Plan, data: dict[str, Any], action: Action | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    reference = (data.get("reference") or "").strip().rstrip(".")
    if not reference:
        raise ServiceError("Enter the action's reference, for example 3.7.", field="reference")
    clash = plan.actions.filter(reference__iexact=reference)
    if action is not None:
        clash = clash.exclude(pk=action.pk)
    if clash.exists():
        raise ServiceError(f"This plan already has an action {reference}.", field="reference")
    values["reference"] = reference
    description = (data.get("description") or "").strip()
    if not description:
        raise ServiceError("Describe the action.", field="description")
    values["description"] = description
    sub_points = data.get("sub_points") or []
    if isinstance(sub_points, str):
        sub_points = [line.strip(" •-\t") for line in sub_points.splitlines()]
    values["sub_points"] = [p.strip() for p in sub_points if p and p.strip()]
    for key in ("outcome", "performance_measure", "source_note"):
        values[key] = (data.get(key) or "").strip()
    section = data.get("section")
    if section is not None and section.plan_id != plan.pk:
        raise ServiceError("That section belongs to another plan.", field="section")
    values["section"] = section
    commitment = data.get("commitment")
    if commitment is not None and commitment.section.plan_id != plan.pk:
        raise ServiceError("That commitment belongs to another plan.", field="commitment")
    values["commitment"] = commitment
    deadline = parse_deadline(data.get("deadline_text") or "")
    values.update(
        deadline_text=deadline.text,
        deadline_kind=deadline.kind,
        deadline_start=deadline.start,
        deadline_end=deadline.end,
    )
    budget = data.get("budget")
    budget_text = (data.get("budget_text") or "").strip()
    if budget is None and budget_text:
        budget = parse_budget(budget_text)
    elif budget is not None:
        budget = parse_budget(budget)
    values["budget"] = budget
    values["budget_text"] = budget_text or (f"£{budget:,.0f}" if budget is not None else "")
    lead_text = (data.get("lead_text") or "").strip()
    lead_units = data.get("lead_units")
    if lead_units is None:
        lead_units = resolve_leads(lead_text)
    else:
        resolved = []
        for unit in lead_units:
            if isinstance(unit, str):
                found = find_lead_unit(unit)
                if found is None:
                    raise ServiceError(f"Unknown lead unit “{unit}”.", field="lead")
                unit = found
            resolved.append(unit)
        lead_units = resolved
        if not lead_text:
            lead_text = " & ".join(u.short_name or u.name for u in lead_units)
    values["lead_text"] = lead_text
    values["lead_units"] = lead_units
    if "status" in data and data["status"] is not None:
        if data["status"] not in Rag.values:
            raise ServiceError("Choose a status.", field="status")
        values["status"] = data["status"]
    return values


@transaction.atomic
def save_action(plan: Plan, *, by: Any, data: dict[str, Any], action: Action | None = None) -> Action:
    """Add an action to a plan, or change one."""
    _require_manager(by)
    values = _clean_action_data(plan, data, action)
    lead_units = values.pop("lead_units")
    other_sections = data.get("other_sections") or []
    creating = action is None
    before = {} if action is None else _action_snapshot(action)
    if action is None:
        action = Action(plan=plan, order=data.get("order") or plan.actions.count() + 1)
    for key, value in values.items():
        setattr(action, key, value)
    _validate(action, exclude=["plan"])
    action.save()
    action.lead_units.set(lead_units)
    if other_sections:
        action.other_sections.set(other_sections)
    after = _action_snapshot(action)
    if creating:
        audit.log(by, "plan.action_added", action, changes=after)
    else:
        changes = audit.diff(before, after)
        if changes:
            audit.log(by, "plan.action_changed", action, changes=changes)
    return action


def _action_snapshot(action: Action) -> dict[str, Any]:
    values = audit.snapshot(action, ACTION_FIELDS)
    values["lead_units"] = sorted(u.short_name or u.name for u in action.lead_units.all()) if action.pk else []
    return values


@transaction.atomic
def link_activities(action: Action, *, by: Any, activity_ids: Iterable[int]) -> list[Any]:
    """Link the register activities that deliver the action (replacing the links); unknown ids are an error.

    Plan managers work across London, so any activity in the register may be linked; pages then show each
    reader only the linked activities they may see."""
    _require_manager(by)
    ids = sorted(set(activity_ids))
    register = action.activities.model  # the register's activities, through this app's own link to them
    found = list(register.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {a.pk for a in found})
    if missing:
        raise ServiceError(
            f"No activity in the register with number {', '.join(str(m) for m in missing)}.", field="activities"
        )
    before = sorted(action.activities.values_list("pk", flat=True))
    action.activities.set(found)
    if before != ids:
        audit.log(by, "plan.action_activities_linked", action, changes={"activities": [before, ids]})
    return found
