"""Who may triage issues and manage ward priorities (django-rules), asked by pages, API, exports and services:

permissions.can_manage(user, ward)         # MANAGE_PRIORITIES in the ward
permissions.can_record_issue(user, ward)   # managers there, or planners there (issues heard in person)
permissions.issue_scope(user)              # their wards: priorities, and issues (list, CSV and API)
permissions.can_translate(user, priority)  # who may manage the ward's priorities may translate them
permissions.translatable_priorities(user)  # the priorities they may translate
permissions.reporter_scope(user)           # where they also see who raised an issue and exactly where
                                           # (police roles; a panel chair sets priorities from the issue alone)
"""

from typing import Any

import rules
from django.db.models import QuerySet

from organisations.scope import Capability, Scope, can_act_in, scope_for
from places.models import Ward
from priorities.models import Priority

CAP = Capability.MANAGE_PRIORITIES


@rules.predicate
def can_manage(user: Any, ward: Ward) -> bool:
    return can_act_in(user, CAP, wards=[ward])


@rules.predicate
def can_record_issue(user: Any, ward: Ward) -> bool:
    """Managers of the ward's priorities, and officers who plan activities there."""
    return can_manage(user, ward) or can_act_in(user, Capability.PLAN_ACTIVITY, wards=[ward])


@rules.predicate
def manages_priorities(user: Any) -> bool:
    """Holds MANAGE_PRIORITIES somewhere (the workspace card and the staff pages)."""
    return not scope_for(user, CAP).is_empty


def issue_scope(user: Any) -> Scope:
    """Where the user manages ward priorities and reads, triages and exports issues raised by the public."""
    return scope_for(user, CAP)


def reporter_scope(user: Any) -> Scope:
    """Where the user may see who raised an issue (name, email, phone) and its exact address and point: the
    neighbourhood team and champions, never a community panel's officers, who see the issue, its ward and the
    postcode district only."""
    return scope_for(user, Capability.CONTACT_REPORTERS)


@rules.predicate
def can_see_reporter(user: Any, ward: Ward) -> bool:
    return can_act_in(user, Capability.CONTACT_REPORTERS, wards=[ward])


@rules.predicate
def can_translate(user: Any, priority: Priority) -> bool:
    """Whoever may manage the ward's priorities may translate their texts."""
    return can_manage(user, priority.ward)


def translatable_priorities(user: Any) -> QuerySet[Priority]:
    """The priorities the public can see (all but options not chosen) in the wards the user manages."""
    return (
        Priority.objects.filter(issue_scope(user).ward_q("ward"))
        .exclude(status=Priority.Status.NOT_CHOSEN)
        .select_related("ward")
        .order_by("ward__name", "-pk")
    )


def activity_scope(user: Any) -> Scope:
    """Where the activities an issue may be linked to come from: the user's planning area, else their wards."""
    scope = scope_for(user, Capability.PLAN_ACTIVITY)
    return scope if not scope.is_empty else scope_for(user, CAP)


rules.add_perm("priorities.manage_ward", can_manage)
rules.add_perm("priorities.add_issue", can_record_issue)
rules.add_perm("priorities.see_reporter", can_see_reporter)
rules.add_perm("priorities.translate_priority", can_translate)
