"""Who may manage or read a group: MANAGE_GROUPS (or READ_ALL to read) over the group's area,
or a post in the group's supporting unit. Named django-rules predicates, asked by pages, API and services:

    permissions.can_manage(user, group)          # change it, its members, meetings and requests to join
    permissions.can_read(user, group)            # see it in the workspace
    permissions.can_read_equality(user, group)   # its (suppressed, aggregate) equality figures
    permissions.manages_groups(user)             # MANAGE_GROUPS somewhere (briefing packs)
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from groups.models import CommunityGroup
from organisations.scope import Capability, Scope, has_capability, scope_for


def _covers(scope: Scope, group: CommunityGroup) -> bool:
    if scope.is_empty and not scope.unit_ids:
        return False
    if group.supporting_unit_id and group.supporting_unit_id in scope.unit_ids:
        return True
    if group.level == CommunityGroup.Level.WARD and group.ward_id:
        return scope.covers_ward(group.ward_id, group.ward.borough_id if group.ward else None)
    if group.level == CommunityGroup.Level.BOROUGH and group.borough_id:
        return scope.covers_borough(group.borough_id)
    return scope.london_wide


@rules.predicate
def manages_groups(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_GROUPS)


@rules.predicate
def can_manage(user: Any, group: CommunityGroup) -> bool:
    return _covers(scope_for(user, Capability.MANAGE_GROUPS), group)


@rules.predicate
def can_read(user: Any, group: CommunityGroup) -> bool:
    return can_manage(user, group) or _covers(scope_for(user, Capability.READ_ALL), group)


@rules.predicate
def can_read_equality(user: Any, group: CommunityGroup) -> bool:
    """Equality readers in the group's area, and the group's own managers (aggregate only, suppressed)."""
    return can_manage(user, group) or _covers(scope_for(user, Capability.READ_EQUALITY), group)


def _scope_q(scope: Scope) -> Q:
    if scope.london_wide:
        # Not Q(): an empty Q vanishes when OR-ed with another (Q(pk__in=[]) | Q() matches nothing).
        return Q(pk__isnull=False)
    q = Q(pk__in=[])
    if scope.unit_ids:
        q |= Q(supporting_unit__in=scope.unit_ids)
    if scope.is_empty:
        return q
    ward_ids = scope.all_ward_ids() or set()
    q |= Q(level=CommunityGroup.Level.WARD, ward__in=ward_ids)
    q |= Q(level=CommunityGroup.Level.BOROUGH, borough__in=scope.borough_ids)
    return q


def manageable(user: Any) -> QuerySet[CommunityGroup]:
    return CommunityGroup.objects.filter(_scope_q(scope_for(user, Capability.MANAGE_GROUPS)))


def readable(user: Any) -> QuerySet[CommunityGroup]:
    """Groups a staff user may see in the workspace."""
    manage = _scope_q(scope_for(user, Capability.MANAGE_GROUPS))
    read = _scope_q(scope_for(user, Capability.READ_ALL))
    return CommunityGroup.objects.filter(manage | read)


def visible_to(user: Any) -> QuerySet[CommunityGroup]:
    """Public groups for anyone, plus restricted groups the user may read."""
    return CommunityGroup.objects.filter(Q(is_public=True, is_active=True) | Q(pk__in=readable(user).values("pk")))


rules.add_perm("groups.add_briefingpack", manages_groups)
rules.add_perm("groups.change_communitygroup", can_manage)
rules.add_perm("groups.view_communitygroup", can_read)
rules.add_perm("groups.view_equality", can_read_equality)
