"""Who may read, change and report on plans (django-rules), asked by pages, API, exports and services alike:

permissions.can_manage(user)                  # plan managers (MANAGE_PLANS)
permissions.can_read(user, plan)              # public plans; restricted ones for managers, readers, leads
permissions.can_report_progress(user, action) # plan managers and staff in one of the action's lead units
"""

from typing import Any

import rules

from organisations.scope import Capability, has_capability, scope_for
from plans.models import Action, Plan


@rules.predicate
def can_manage(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_PLANS)


@rules.predicate
def reads_every_plan(user: Any) -> bool:
    """Plan managers and readers of everything see restricted plans too."""
    return has_capability(user, Capability.MANAGE_PLANS) or has_capability(user, Capability.READ_ALL)


@rules.predicate
def can_read(user: Any, plan: Plan) -> bool:
    """Public plans for everyone; restricted plans for plan managers, readers of everything and leads."""
    if plan.is_public:
        return True
    if reads_every_plan(user):
        return True
    units = scope_for(user, Capability.WORKSPACE).unit_ids
    return bool(units) and plan.actions.filter(lead_units__in=units).exists()


@rules.predicate
def can_report_progress(user: Any, action: Action) -> bool:
    """Plan managers, and staff in a post in one of the action's lead units."""
    if can_manage(user):
        return True
    units = scope_for(user, Capability.WORKSPACE).unit_ids
    return bool(units) and action.lead_units.filter(pk__in=units).exists()


rules.add_perm("plans.manage_plans", can_manage)
rules.add_perm("plans.view_plan", can_read)
rules.add_perm("plans.report_progress", can_report_progress)
