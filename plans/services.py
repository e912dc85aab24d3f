"""Writes about plans: plans, sections, actions, progress updates, the annual review and flagging.

Every write is atomic and audited. Bad input raises `core.errors.ServiceError` with the field it is about.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from core import audit
from core.errors import NotAllowed, ServiceError
from notifications import notify
from organisations.models import Post, Unit
from organisations.scope import ROLE_CAPABILITIES, Capability
from plans import permissions
from plans.models import Action, Commitment, EvidenceLink, Plan, ProgressUpdate, Rag, Section
from plans.parsing import parse_budget, parse_deadline

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
    from activities.models import Activity

    ids = sorted(set(activity_ids))
    found = list(Activity.objects.filter(pk__in=ids))
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


# --- overdue and stalled --------------------------------------------------------------------------


def stalled_days() -> int:
    return int(getattr(settings, "PLANS_STALLED_DAYS", 90))


def monitored_actions() -> Any:
    return Action.objects.filter(plan__status=Plan.Status.ACTIVE).exclude(status=Rag.COMPLETE)


def overdue_q(today: date) -> Q:
    return Q(deadline_kind__in=["date", "period"], deadline_end__lt=today)


def stalled_q(today: date) -> Q:
    cutoff = today - timedelta(days=stalled_days())
    return Q(last_progress_on__lt=cutoff) | Q(last_progress_on__isnull=True, created_at__date__lt=cutoff)


def lead_staff(action: Action) -> list[Any]:
    """People in a current post in one of the action's lead units that opens the staff workspace."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.WORKSPACE in caps]
    posts = Post.objects.current().filter(
        unit__in=action.lead_units.all(), role__in=roles, user__is_active=True, unit__is_active=True
    )
    users: dict[int, Any] = {}
    for post in posts.select_related("user"):
        users[post.user_id] = post.user
    return list(users.values())


def flag_actions(*, today: date | None = None) -> dict[str, int]:
    """Tell the leads of overdue and stalled actions, once per episode (a progress update resets it)."""
    today = today or timezone.localdate()
    counts = {"overdue": 0, "stalled": 0, "notices": 0, "emails": 0}
    base = monitored_actions().select_related("plan").prefetch_related("lead_units")
    for reason, q, field in (
        ("overdue", overdue_q(today), "flagged_overdue_at"),
        ("stalled", stalled_q(today), "flagged_stalled_at"),
    ):
        for action in base.filter(q, **{f"{field}__isnull": True}):
            with transaction.atomic():
                locked = Action.objects.select_for_update().get(pk=action.pk)
                if getattr(locked, field) is not None:
                    continue
                n, e = _tell_leads(action, reason, today)
                setattr(locked, field, timezone.now())
                locked.save(update_fields=[field])
                audit.log("flag_plan_actions", f"plan.action_flagged_{reason}", locked, changes={"told": n})
            counts[reason] += 1
            counts["notices"] += n
            counts["emails"] += e
    return counts


def _tell_leads(action: Action, reason: str, today: date) -> tuple[int, int]:
    link = action.get_absolute_url()
    if reason == "overdue":
        message = (
            f"Action {action.reference} of {action.plan.title} was due by "
            f"{action.deadline_text or action.due_on} and is not complete."
        )
    else:
        since = action.last_progress_on.strftime("%-d %B %Y") if action.last_progress_on else "it was added"
        message = (
            f"Action {action.reference} of {action.plan.title} has had no progress update since {since} "
            f"(more than {stalled_days()} days)."
        )
    notices = emails = 0
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    for user in lead_staff(action):
        notify.notify_user(user, message, link=link, kind=f"plans.{reason}")
        notices += 1
        if user.email:
            notify.send_email(
                to=user.email,
                subject=f"Plan action {action.reference} is {reason}",
                text=(
                    f"{message}\n\nPlease add a progress update: {base_url}{link}\n\n"
                    "You receive this because you hold a post in a lead unit of this action."
                ),
                reason=f"plans.{reason}",
            )
            emails += 1
    return notices, emails


def budget_total(actions: Iterable[Action]) -> Decimal:
    return sum((a.budget for a in actions if a.budget is not None), Decimal("0"))


def export_personal_data(user: Any) -> list[dict[str, Any]]:
    """Progress updates a person reported."""
    return [
        {
            "plan": u.action.plan.title,
            "action": u.action.reference,
            "reported_on": u.reported_on.isoformat(),
            "status": u.status,
            "narrative": u.narrative,
        }
        for u in ProgressUpdate.objects.filter(by=user).select_related("action__plan")
    ]


def erase_personal_data(user: Any) -> int:
    """Keep the plan's record of progress but no longer say who reported it."""
    return ProgressUpdate.objects.filter(by=user).update(by=None, by_label="")
