"""Who may read the board's view and who may change its figures.

permissions.can_read(user)          # readers of everything and coordinators (in their area), administrators
permissions.can_manage(user)        # administrators: import results, manage measures and periods
permissions.readable_boroughs(user) # the boroughs whose figures a reader sees (London's figure: every reader)
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from organisations.scope import Capability, has_capability, scope_for
from places.models import Borough

READ_CAPABILITIES = (Capability.READ_ALL, Capability.COORDINATE, Capability.ADMINISTER)


@rules.predicate
def can_read(user: Any) -> bool:
    return any(has_capability(user, c) for c in READ_CAPABILITIES)


@rules.predicate
def can_manage(user: Any) -> bool:
    return has_capability(user, Capability.ADMINISTER)


@rules.predicate
def reads_feedback_report(user: Any) -> bool:
    """The feedback report (`feedback:report`) is for coordinators: only they are offered the link to it."""
    return has_capability(user, Capability.COORDINATE)


def readable_boroughs(user: Any) -> QuerySet[Borough]:
    """Boroughs in the reader's area: London-wide readers see every borough."""
    if getattr(user, "is_superuser", False):
        return Borough.objects.all()
    q = Q(pk__in=[])
    for capability in READ_CAPABILITIES:
        scope = scope_for(user, capability)
        if scope.london_wide:
            return Borough.objects.all()
        if not scope.is_empty:
            q |= scope.borough_q("pk")
    return Borough.objects.filter(q)


rules.add_perm("insight.view_result", can_read)
rules.add_perm("insight.add_result", can_manage)
rules.add_perm("insight.change_measure", can_manage)
rules.add_perm("insight.change_period", can_manage)
