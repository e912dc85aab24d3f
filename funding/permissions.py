"""Who may run funding rounds, decide and pay allocations, and read them.

    permissions.can_read(user)                     # funding managers, readers of everything, administrators
    permissions.runs_rounds(user)                  # MANAGE_FUNDING London-wide: open, change and budget rounds
    permissions.manages_funding(user)              # MANAGE_FUNDING somewhere: record applications in their area
    permissions.can_manage_in(user, borough_id)    # MANAGE_FUNDING over a borough (None: London-wide only)
    permissions.can_manage(user, allocation)       # decide it, record claims and returns, evaluate it
    permissions.can_read_allocation(user, allocation)  # see it, its claims and their receipts
    permissions.readable_allocations(user)         # the allocations a reader may see, for pages, API and exports
    permissions.readable_boroughs(user)            # boroughs whose figures a reader sees (spread, report)
    permissions.applies(user)                      # APPLY_FUNDING: a group's own officer
    permissions.applicant_groups(user)             # the active groups they apply for (the groups they manage)
    permissions.is_applicant(user, allocation)     # its group's own officer: sees it, sends claims and returns
    permissions.can_see_allocation(user, allocation)   # a reader of it or its group's officer
    permissions.can_draw_on(user, allocation)      # record a claim or spend return: its managers or its group

Oversight readers (READ_ALL London-wide) read everything and change nothing. A group's officers see only their
own groups' applications, never decide them, never record payments.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from funding.models import Allocation
from groups import permissions as group_permissions
from groups.models import CommunityGroup
from organisations.scope import Capability, Scope, has_capability, scope_for
from places.models import Borough

M = Capability.MANAGE_FUNDING
R = Capability.READ_ALL
A = Capability.APPLY_FUNDING


def _covers(scope: Scope, borough_id: int | None) -> bool:
    if borough_id is None:
        return scope.london_wide
    return scope.covers_borough(borough_id)


@rules.predicate
def manages_funding(user: Any) -> bool:
    return has_capability(user, M)


@rules.predicate
def runs_rounds(user: Any) -> bool:
    return scope_for(user, M).london_wide


@rules.predicate
def can_read(user: Any) -> bool:
    return has_capability(user, M) or has_capability(user, R)


def can_manage_in(user: Any, borough_id: int | None) -> bool:
    return _covers(scope_for(user, M), borough_id)


@rules.predicate
def can_manage(user: Any, allocation: Allocation) -> bool:
    return can_manage_in(user, allocation.borough_id)


@rules.predicate
def can_read_allocation(user: Any, allocation: Allocation) -> bool:
    return can_manage(user, allocation) or _covers(scope_for(user, R), allocation.borough_id)


def _q(scope: Scope) -> Q:
    if scope.london_wide:
        return Q(pk__isnull=False)
    if not scope.borough_ids:
        return Q(pk__in=[])
    return Q(borough__in=scope.borough_ids)


def readable_allocations(user: Any) -> QuerySet[Allocation]:
    return Allocation.objects.filter(_q(scope_for(user, M)) | _q(scope_for(user, R)))


def readable_boroughs(user: Any) -> QuerySet[Borough]:
    manage, read = scope_for(user, M), scope_for(user, R)
    if manage.london_wide or read.london_wide:
        return Borough.objects.all()
    return Borough.objects.filter(pk__in=set(manage.borough_ids) | set(read.borough_ids))


def sees_london(user: Any) -> bool:
    """London-wide readers see London's totals (and London-wide groups' allocations)."""
    return scope_for(user, M).london_wide or scope_for(user, R).london_wide


@rules.predicate
def applies(user: Any) -> bool:
    return has_capability(user, A)


def applicant_groups(user: Any) -> QuerySet[CommunityGroup]:
    """The groups a group officer applies for: the active groups they manage (their own post's groups)."""
    if not applies(user):
        return CommunityGroup.objects.none()
    return group_permissions.manageable(user).filter(is_active=True)


@rules.predicate
def is_applicant(user: Any, allocation: Allocation) -> bool:
    return applies(user) and group_permissions.can_manage(user, allocation.group)


@rules.predicate
def can_see_allocation(user: Any, allocation: Allocation) -> bool:
    return can_read_allocation(user, allocation) or is_applicant(user, allocation)


@rules.predicate
def can_draw_on(user: Any, allocation: Allocation) -> bool:
    return can_manage(user, allocation) or is_applicant(user, allocation)


applies_only = applies & ~can_read  # a group's officer: the workspace's Funding link opens their own applications


def own_allocations(user: Any) -> QuerySet[Allocation]:
    """The applications of the groups a group officer applies for."""
    return Allocation.objects.filter(group__in=applicant_groups(user))


rules.add_perm("funding.view_allocation", can_see_allocation)
rules.add_perm("funding.add_claim", can_draw_on)
rules.add_perm("funding.change_allocation", can_manage)
rules.add_perm("funding.change_round", runs_rounds)
rules.add_perm("funding.view_round", can_read)
