"""Reads about plans that pages, reports and other apps use."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core import registry
from core.tally import CountOf
from organisations.scope import Capability, scope_for
from plans import permissions, services
from plans.models import RAG_TAG_CLASSES, Action, Plan, ProgressUpdate, Rag, Section

STATUS_ORDER = [Rag.NOT_RECORDED, Rag.NOT_STARTED, Rag.ON_TRACK, Rag.AT_RISK, Rag.OFF_TRACK, Rag.COMPLETE]


def readable_plans(user: Any) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("owner")
    if permissions.reads_every_plan(user):
        return qs
    units = scope_for(user, Capability.WORKSPACE).unit_ids
    if units:
        return qs.filter(Q(is_public=True) | Q(actions__lead_units__in=units)).distinct()
    return qs.filter(is_public=True)


def plan_actions(plan: Plan) -> QuerySet[Action]:
    return plan.actions.select_related("section", "commitment", "carried_from__plan").prefetch_related(
        "lead_units",
        "other_sections",
        Prefetch("updates", queryset=ProgressUpdate.objects.prefetch_related("evidence")),
    )


def latest_update(action: Action, as_of: date | None = None) -> ProgressUpdate | None:
    """The newest progress update on or before `as_of` (uses prefetched updates)."""
    updates = [u for u in action.updates.all() if as_of is None or u.reported_on <= as_of]
    updates.sort(key=lambda u: (u.reported_on, u.pk), reverse=True)
    return updates[0] if updates else None


def status_on(action: Action, as_of: date) -> str:
    """The action's status as it stood on `as_of`: the latest stated status up to then."""
    updates = sorted(
        (u for u in action.updates.all() if u.reported_on <= as_of and u.status),
        key=lambda u: (u.reported_on, u.pk),
        reverse=True,
    )
    if updates:
        return str(updates[0].status)
    if not action.updates.all():
        return str(action.status) if action.created_at.date() <= as_of else str(Rag.NOT_RECORDED)
    return str(Rag.NOT_RECORDED)


@dataclass
class ActionRow:
    action: Action
    status: str
    latest: ProgressUpdate | None
    overdue: bool
    notes: list[str] = field(default_factory=list)  # what other domains say beside its budget (funding)

    @property
    def status_label(self) -> str:
        return str(Rag(self.status).label)

    @property
    def tag_class(self) -> str:
        return RAG_TAG_CLASSES[Rag(self.status)]


@dataclass
class SectionSummary:
    section: Section | None
    rows: list[ActionRow] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.section) if self.section else gettext("Not in a section")

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return [(str(s), str(Rag(s).label), sum(1 for r in self.rows if r.status == s)) for s in STATUS_ORDER]

    @property
    def budget(self) -> Decimal:
        return services.budget_total(r.action for r in self.rows)

    @property
    def has_budget(self) -> bool:
        return any(r.action.budget is not None for r in self.rows)


@dataclass
class Report:
    plan: Plan
    as_of: date
    sections: list[SectionSummary]
    rows: list[ActionRow]

    @property
    def total_budget(self) -> Decimal:
        return services.budget_total(r.action for r in self.rows)

    @property
    def has_budget(self) -> bool:
        return any(r.action.budget is not None for r in self.rows)

    @property
    def totals(self) -> list[tuple[str, str, int]]:
        return [(str(s), str(Rag(s).label), sum(1 for r in self.rows if r.status == s)) for s in STATUS_ORDER]

    @property
    def has_shared(self) -> bool:
        """True when some action belongs to more than one section."""
        return any(r.action.other_sections.all() for r in self.rows)

    @property
    def exceptions(self) -> list[ActionRow]:
        return [r for r in self.rows if r.overdue or r.status in (Rag.AT_RISK, Rag.OFF_TRACK)]


def build_report(plan: Plan, as_of: date | None = None) -> Report:
    """Summary by section, exceptions and each action with its latest progress as of a date."""
    as_of = as_of or timezone.localdate()
    rows: list[ActionRow] = []
    for action in plan_actions(plan):
        status = status_on(action, as_of)
        due = action.due_on
        overdue = status != Rag.COMPLETE and due is not None and due < as_of
        rows.append(ActionRow(action, status, latest_update(action, as_of), overdue))
    notes = registry.plan_action_notes.notes({r.action.pk for r in rows if r.action.budget is not None})
    for row in rows:
        row.notes = notes.get(row.action.pk, []) if row.action.budget is not None else []
    summaries: list[SectionSummary] = []
    by_section: dict[int | None, SectionSummary] = {}
    for section in plan.sections.all():
        by_section[section.pk] = SectionSummary(section)
        summaries.append(by_section[section.pk])
    for row in rows:
        section_ids = [row.action.section_id] + [s.pk for s in row.action.other_sections.all()]
        for sid in dict.fromkeys(section_ids):
            if sid not in by_section:
                by_section[sid] = SectionSummary(None)
                summaries.append(by_section[sid])
            by_section[sid].rows.append(row)
    return Report(plan, as_of, summaries, rows)


def actions_for_units(unit_ids: Any) -> QuerySet[Action]:
    return (
        Action.objects.filter(lead_units__in=unit_ids, plan__status=Plan.Status.ACTIVE)
        .select_related("plan")
        .distinct()
    )


def attention_for(user: Any, today: date | None = None) -> dict[str, list[Action]]:
    """Open actions led by the user's units that are overdue or stalled."""
    today = today or timezone.localdate()
    units = scope_for(user, Capability.WORKSPACE).unit_ids
    if not units:
        return {"overdue": [], "stalled": [], "open": []}
    open_actions = actions_for_units(units).exclude(status=Rag.COMPLETE)
    return {
        "overdue": list(open_actions.filter(services.overdue_q(today))[:20]),
        "stalled": list(open_actions.filter(services.stalled_q(today))[:20]),
        "open": list(open_actions[:50]),
    }


def workspace_card(request: Any) -> dict[str, Any] | None:
    user = request.user
    units = scope_for(user, Capability.WORKSPACE).unit_ids
    manager = permissions.can_manage(user)
    if not units and not manager:
        return None
    # The numbers are those `attention_for` lists (at most 50 open, 20 overdue, 20 stalled), counted with the
    # workspace's other numbers; only the three of each shown are read.
    today = timezone.localdate()
    open_actions = actions_for_units(units).exclude(status=Rag.COMPLETE)
    overdue = open_actions.filter(services.overdue_q(today))
    stalled = open_actions.filter(services.stalled_q(today))
    return {
        "shown_if": True if manager else CountOf(open_actions[:1]),
        "open": CountOf(open_actions[:50]),
        "overdue_count": CountOf(overdue[:20]),
        "stalled_count": CountOf(stalled[:20]),
        "overdue": overdue[:3],
        "stalled": stalled[:3],
        "manager": manager,
        "stalled_days": services.stalled_days(),
    }
