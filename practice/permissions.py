"""Who may read and change ward engagement plans, the good-practice library, the Top 10, guides and packs.

permissions.can_read_plan(user, ward)     # planners and readers whose area covers the ward
permissions.can_edit_plan(user, ward)     # planners whose area covers the ward (its team, the borough's champion)
permissions.sees_plan_status(user)        # coordinators and readers: every ward's plan status in their area
permissions.can_submit_case(user, activity)  # whoever may change the register activity (its unit)
permissions.curates_cases(user)           # coordinators (engagement champions) and administrators
permissions.can_read_case(user, case)     # curators; any planner once accepted; its submitter before
permissions.publishes_top_ten(user)       # London-wide coordinators (central champion) and administrators
permissions.manages_guides(user)          # the same: guides, versions, packs
permissions.reads_guides(user)            # every member of staff
permissions.reads_pack_report(user)       # guide managers and coordinators
"""

from typing import Any

import rules
from django.db.models import QuerySet

from activities import permissions as activity_permissions
from organisations.scope import Capability, can_act_in, has_capability, is_staff_member, scope_for
from places.models import Ward

PLAN_READ = (Capability.PLAN_ACTIVITY, Capability.COORDINATE, Capability.READ_ALL)
STATUS_READ = (Capability.COORDINATE, Capability.READ_ALL)


@rules.predicate
def can_read_plan(user: Any, ward: Ward | None) -> bool:
    if ward is None:
        return False
    return any(can_act_in(user, c, wards=[ward]) for c in PLAN_READ)


@rules.predicate
def can_edit_plan(user: Any, ward: Ward | None) -> bool:
    return ward is not None and can_act_in(user, Capability.PLAN_ACTIVITY, wards=[ward])


@rules.predicate
def reads_plans(user: Any) -> bool:
    return any(has_capability(user, c) for c in PLAN_READ)


@rules.predicate
def sees_plan_status(user: Any) -> bool:
    return any(has_capability(user, c) for c in STATUS_READ)


def status_wards(user: Any) -> QuerySet[Ward]:
    """The wards whose plan status a coordinator or reader sees (the champion's view)."""
    if getattr(user, "is_superuser", False):
        return Ward.objects.all()
    ids: set[int] = set()
    for c in STATUS_READ:
        scope = scope_for(user, c)
        if scope.london_wide:
            return Ward.objects.all()
        ids |= scope.all_ward_ids() or set()
    return Ward.objects.filter(pk__in=ids)


def plannable_ward_ids(user: Any) -> set[int] | None:
    """The ids of the wards whose plan the user may read (their own area's); None for every ward."""
    if getattr(user, "is_superuser", False):
        return None
    ids: set[int] = set()
    for c in PLAN_READ:
        scope = scope_for(user, c)
        if scope.london_wide:
            return None
        ids |= scope.all_ward_ids() or set()
    return ids


def plannable_wards(user: Any) -> QuerySet[Ward]:
    """Wards whose plan the user may read (their own area's)."""
    ids = plannable_ward_ids(user)
    return Ward.objects.all() if ids is None else Ward.objects.filter(pk__in=ids)


@rules.predicate
def can_submit_case(user: Any, activity: Any) -> bool:
    return activity is not None and bool(activity_permissions.can_edit(user, activity))


@rules.predicate
def curates_cases(user: Any) -> bool:
    return has_capability(user, Capability.COORDINATE) or has_capability(user, Capability.ADMINISTER)


@rules.predicate
def reads_library(user: Any) -> bool:
    return any(has_capability(user, c) for c in (*PLAN_READ, Capability.ADMINISTER))


@rules.predicate
def can_read_case(user: Any, case: Any) -> bool:
    if case is None:
        return False
    if curates_cases(user):
        return True
    if case.status == "accepted":
        return bool(reads_library(user))
    return case.submitted_by_id == getattr(user, "pk", None)


@rules.predicate
def publishes_top_ten(user: Any) -> bool:
    return scope_for(user, Capability.COORDINATE).london_wide or has_capability(user, Capability.ADMINISTER)


@rules.predicate
def manages_guides(user: Any) -> bool:
    return bool(publishes_top_ten(user))


@rules.predicate
def reads_guides(user: Any) -> bool:
    return bool(is_staff_member(user))


@rules.predicate
def reads_pack_report(user: Any) -> bool:
    return bool(manages_guides(user))


rules.add_perm("practice.view_wardplan", can_read_plan)
rules.add_perm("practice.change_wardplan", can_edit_plan)
rules.add_perm("practice.view_plan_status", sees_plan_status)
rules.add_perm("practice.add_casestudy", can_submit_case)
rules.add_perm("practice.view_casestudy", can_read_case)
rules.add_perm("practice.curate_casestudy", curates_cases)
rules.add_perm("practice.publish_topten", publishes_top_ten)
rules.add_perm("practice.change_guide", manages_guides)
rules.add_perm("practice.view_guide", reads_guides)
rules.add_perm("practice.view_pack_report", reads_pack_report)
