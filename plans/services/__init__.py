"""Writes for plans (each a module of this package); callers use `plans.services.<name>`.
Every write is atomic and audited. Bad input raises `core.errors.ServiceError` with the field it is about.

- `structure`: plans and their sections and commitments.
- `actions`: a plan's actions: their leads (units found by name), checked fields, linked activities.
- `progress`: progress on actions, with their history, and the annual review that carries a plan into a new issue.
- `monitoring`: overdue and stalled actions flagged to their leads; budgets; a person's data in plans.
"""

from plans.services.actions import (
    find_lead_unit,
    link_activities,
    resolve_leads,
    save_action,
)
from plans.services.monitoring import (
    budget_total,
    erase_personal_data,
    export_personal_data,
    flag_actions,
    lead_staff,
    monitored_actions,
    overdue_q,
    stalled_days,
    stalled_q,
)
from plans.services.progress import (
    add_progress,
    history_of,
    review_plan,
    updates_with_history,
)
from plans.services.structure import (
    ACTION_FIELDS,
    PLAN_FIELDS,
    add_commitment,
    add_section,
    create_plan,
    unique_plan_slug,
    update_plan,
)

__all__ = [
    "ACTION_FIELDS",
    "PLAN_FIELDS",
    "add_commitment",
    "add_progress",
    "add_section",
    "budget_total",
    "create_plan",
    "erase_personal_data",
    "export_personal_data",
    "find_lead_unit",
    "flag_actions",
    "history_of",
    "lead_staff",
    "link_activities",
    "monitored_actions",
    "overdue_q",
    "resolve_leads",
    "review_plan",
    "save_action",
    "stalled_days",
    "stalled_q",
    "unique_plan_slug",
    "update_plan",
    "updates_with_history",
]
