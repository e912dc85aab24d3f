"""Who may see and do what with community tension information (restricted: OFFICIAL-SENSITIVE).

permissions.reads_tension(user)               # holds READ_TENSION somewhere (borough and central champions)
permissions.leads_tension(user)               # holds LEAD_TENSION somewhere: start, review, publish, run incidents
permissions.contributes(user)                 # may give items somewhere (partners, leads)
permissions.can_read_assessment(user, a)      # a borough's assessment: read scope covers it; London's: London-wide
permissions.can_lead(user, a)                 # review and publish it: lead scope covers it
permissions.can_contribute_to(user, borough)  # give an item for that borough (None: London as a whole)
permissions.can_see_item(user, item)          # the partner who gave it, and readers of its area
permissions.reads_london_summary(user)        # readers across London
permissions.can_read_incident / can_run_incident(user, incident)
permissions.visible_items(user, items)        # narrow a list of items to what the user may see

Nothing here is public: anonymous visitors, the open API and feeds get False everywhere.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from organisations.scope import Capability, has_capability, scope_for

READ = Capability.READ_TENSION
LEAD = Capability.LEAD_TENSION
CONTRIBUTE = Capability.CONTRIBUTE_TENSION


def _covers(user: Any, capability: Capability, borough_id: int | None) -> bool:
    scope = scope_for(user, capability)
    if borough_id is None:
        return scope.london_wide
    return scope.covers_borough(borough_id)


def reads_area(user: Any, borough_id: int | None) -> bool:
    return _covers(user, READ, borough_id)


def leads_area(user: Any, borough_id: int | None) -> bool:
    return _covers(user, LEAD, borough_id)


@rules.predicate
def reads_tension(user: Any) -> bool:
    return has_capability(user, READ)


@rules.predicate
def leads_tension(user: Any) -> bool:
    return has_capability(user, LEAD)


@rules.predicate
def contributes(user: Any) -> bool:
    return has_capability(user, CONTRIBUTE) or has_capability(user, LEAD)


@rules.predicate
def can_read_assessment(user: Any, assessment: Any) -> bool:
    return reads_area(user, assessment.borough_id)


@rules.predicate
def can_lead(user: Any, assessment: Any) -> bool:
    return leads_area(user, assessment.borough_id)


@rules.predicate
def can_contribute_to(user: Any, borough: Any) -> bool:
    borough_id = borough if borough is None or isinstance(borough, int) else borough.pk
    return _covers(user, CONTRIBUTE, borough_id) or _covers(user, LEAD, borough_id)


@rules.predicate
def can_see_item(user: Any, item: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return item.contributed_by_id == user.pk or reads_area(user, item.borough_id)


@rules.predicate
def reads_london_summary(user: Any) -> bool:
    return scope_for(user, READ).london_wide


def _incident_boroughs(incident: Any) -> list[int]:
    return [b.pk for b in incident.boroughs.all()]


@rules.predicate
def can_read_incident(user: Any, incident: Any) -> bool:
    scope = scope_for(user, READ)
    return scope.london_wide or any(scope.covers_borough(b) for b in _incident_boroughs(incident))


@rules.predicate
def can_run_incident(user: Any, incident: Any) -> bool:
    scope = scope_for(user, LEAD)
    return scope.london_wide or any(scope.covers_borough(b) for b in _incident_boroughs(incident))


def readable_area_q(user: Any, borough_path: str = "borough") -> Q:
    """Rows whose borough (None: London) the user reads."""
    scope = scope_for(user, READ)
    if scope.london_wide:
        return Q()
    if not scope.borough_ids:
        return Q(pk__in=[])
    return Q(**{f"{borough_path}__in": scope.borough_ids})


def visible_items(user: Any, items: QuerySet[Any]) -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False):
        return items.none()
    return items.filter(readable_area_q(user) | Q(contributed_by=user))


def contributable_borough_ids(user: Any) -> tuple[bool, set[int] | None]:
    """(London as a whole allowed, borough ids allowed; None: every borough)."""
    london = _covers(user, CONTRIBUTE, None) or _covers(user, LEAD, None)
    if london:
        return True, None
    ids: set[int] = set()
    for capability in (CONTRIBUTE, LEAD):
        ids |= set(scope_for(user, capability).borough_ids)
    return False, ids


def lead_borough_ids(user: Any) -> tuple[bool, set[int] | None]:
    scope = scope_for(user, LEAD)
    if scope.london_wide:
        return True, None
    return False, set(scope.borough_ids)


rules.add_perm("tension.view_assessment", can_read_assessment)
rules.add_perm("tension.change_assessment", can_lead)
rules.add_perm("tension.add_item", can_contribute_to)
rules.add_perm("tension.view_item", can_see_item)
rules.add_perm("tension.view_london_summary", reads_london_summary)
rules.add_perm("tension.view_incident", can_read_incident)
rules.add_perm("tension.change_incident", can_run_incident)


@rules.predicate
def sees_tension_pages(user: Any) -> bool:
    """Readers, leads and contributors: anyone who would not meet only a refusal at /tension/."""
    return reads_tension(user) or contributes(user)
