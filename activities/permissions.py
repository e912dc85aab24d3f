"""Who may read and change the engagement register, answer, settle and overrule prior consultations, read
the minimum-standards report, and see the register's picture (fatigue, who is never asked).

Named django-rules predicates, asked by pages, API, exports and services alike:

    permissions.can_read(user)                                       # planners, coordinators, readers, partners
    permissions.can_edit(user, activity)                             # its unit's planners, coordinators there
    user.has_perm("activities.answer_consultation", consultation)   # the ward's neighbourhood team
    user.has_perm("activities.overrule_objection", consultation)    # a coordinator for the ward
    user.has_perm("activities.view_standards")                       # coordinators and oversight readers
    user.has_perm("activities.see_engagement_picture")               # fatigue, never asked: the same readers
"""

from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from activities.models import Activity, Operation, PriorConsultation
from organisations.scope import Capability, can_act_in, has_capability, scope_for
from places.models import Borough

READ_CAPABILITIES = (Capability.PLAN_ACTIVITY, Capability.COORDINATE, Capability.READ_ALL)
STANDARDS_CAPABILITIES = (Capability.COORDINATE, Capability.READ_ALL)


@rules.predicate
def can_read(user: Any) -> bool:
    """Planners, coordinators, readers of everything and partners see (part of) the register."""
    return any(has_capability(user, c) for c in (*READ_CAPABILITIES, Capability.SHARE_PARTNER_ACTIVITY))


@rules.predicate
def can_plan(user: Any) -> bool:
    return has_capability(user, Capability.PLAN_ACTIVITY)


@rules.predicate
def can_coordinate(user: Any) -> bool:
    return has_capability(user, Capability.COORDINATE)


@rules.predicate
def can_administer(user: Any) -> bool:
    """Administrators set fatigue thresholds, minimum standards and the list of communities."""
    return has_capability(user, Capability.ADMINISTER)


def visible_operations(user: Any) -> QuerySet[Operation]:
    """Operations a planner may see: their units' own, and those touching a borough they plan in."""
    ops = Operation.objects.all()
    scope = scope_for(user, Capability.PLAN_ACTIVITY)
    if not (scope.london_wide or getattr(user, "is_superuser", False)):
        ops = ops.filter(
            Q(organising_unit_id__in=scope.unit_ids)
            | Q(boroughs__in=list(scope.wards().values_list("borough_id", flat=True)))
        ).distinct()
    return ops


def can_plan_in(user: Any, *, wards: Any = (), boroughs: Any = (), london_wide: bool = False) -> bool:
    """The user may plan activities in every place named (and London-wide, if asked)."""
    return can_act_in(user, Capability.PLAN_ACTIVITY, wards=wards, boroughs=boroughs, london_wide=london_wide)


@rules.predicate
def can_edit(user: Any, activity: Activity) -> bool:
    """The organising unit's planners, and coordinators covering the activity's places, may change it."""
    if getattr(user, "is_superuser", False):
        return True
    if activity.organising_unit_id in scope_for(user, Capability.PLAN_ACTIVITY).unit_ids:
        return True
    return has_capability(user, Capability.COORDINATE) and can_act_in(
        user,
        Capability.COORDINATE,
        wards=list(activity.wards.all()),
        boroughs=list(activity.boroughs.all()),
        london_wide=activity.london_wide,
    )


def editable_activities(user: Any) -> QuerySet[Activity]:
    """The activities `user` may change, as a query (the rows `can_edit` allows): its organising unit's planners,
    and coordinators whose area covers every place it names."""
    if getattr(user, "is_superuser", False):
        return Activity.objects.all()
    allowed = Q(organising_unit__in=scope_for(user, Capability.PLAN_ACTIVITY).unit_ids)
    scope = scope_for(user, Capability.COORDINATE)
    if not scope.is_empty and scope.london_wide:
        allowed |= Q(pk__isnull=False)
    elif not scope.is_empty:
        ward_ids = scope.all_ward_ids() or set()
        outside_wards = Activity.wards.through.objects.filter(activity=OuterRef("pk")).exclude(ward__in=ward_ids)
        outside_boroughs = Activity.boroughs.through.objects.filter(activity=OuterRef("pk")).exclude(
            borough__in=scope.borough_ids
        )
        allowed |= Q(london_wide=False) & ~Exists(outside_wards) & ~Exists(outside_boroughs)
    return Activity.objects.filter(allowed)


@rules.predicate
def in_consulted_team(user: Any, consultation: PriorConsultation | None) -> bool:
    """A member of the neighbourhood team that was consulted."""
    if consultation is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    units = scope_for(user, Capability.WORKSPACE).unit_ids | scope_for(user, Capability.PLAN_ACTIVITY).unit_ids
    return consultation.team_id in units


def is_organiser_of(user: Any, activity: Activity) -> bool:
    """The activity's lead, or a planner in its organising unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or (activity.lead_id and activity.lead_id == user.pk):
        return True
    return activity.organising_unit_id in scope_for(user, Capability.PLAN_ACTIVITY).unit_ids


@rules.predicate
def organises_consulted_activity(user: Any, consultation: PriorConsultation | None) -> bool:
    return consultation is not None and is_organiser_of(user, consultation.activity)


@rules.predicate
def coordinates_consulted_ward(user: Any, consultation: PriorConsultation | None) -> bool:
    """A coordinator (the borough champion, or a central champion) whose area covers the consulted ward."""
    if consultation is None or not getattr(user, "is_authenticated", False):
        return False
    scope = scope_for(user, Capability.COORDINATE)
    return scope.covers_ward(consultation.ward_id, consultation.ward.borough_id)


@rules.predicate
def reads_standards(user: Any) -> bool:
    return any(has_capability(user, c) for c in STANDARDS_CAPABILITIES)


def standards_boroughs(user: Any) -> QuerySet[Borough]:
    """Boroughs whose standards a coordinator or oversight reader may see (their area)."""
    if getattr(user, "is_superuser", False):
        return Borough.objects.all()
    q = Q(pk__in=[])
    for capability in STANDARDS_CAPABILITIES:
        scope = scope_for(user, capability)
        if scope.london_wide:
            return Borough.objects.all()
        if not scope.is_empty:
            q |= scope.borough_q("pk")
    return Borough.objects.filter(q)


rules.add_perm("activities.view_activity", can_read)
rules.add_perm("activities.add_activity", can_plan)
rules.add_perm("activities.change_activity", can_edit)
rules.add_perm("activities.answer_consultation", in_consulted_team)
rules.add_perm("activities.resolve_objection", in_consulted_team | organises_consulted_activity)
rules.add_perm("activities.overrule_objection", coordinates_consulted_ward)
rules.add_perm("activities.view_standards", reads_standards)


@rules.predicate
def can_see_engagement_picture(user: Any) -> bool:
    """Coordinators and London-wide readers (the oversight body) see fatigue and who is never asked."""
    return bool(
        getattr(user, "is_superuser", False)
        or has_capability(user, Capability.COORDINATE)
        or has_capability(user, Capability.READ_ALL)
    )


def picture_borough_ids(user: Any) -> set[int] | None:
    """The ids of the boroughs whose fatigue and never-asked figures the user sees: their coordinating (or
    reading) area; None for every borough."""
    if getattr(user, "is_superuser", False):
        return None
    scope = scope_for(user, Capability.COORDINATE)
    if scope.is_empty:
        scope = scope_for(user, Capability.READ_ALL)
    if scope.london_wide:
        return None
    return scope.touched_borough_ids()


def picture_boroughs(user: Any) -> QuerySet[Borough]:
    """The boroughs whose fatigue and never-asked figures the user sees, as a queryset."""
    ids = picture_borough_ids(user)
    return Borough.objects.all() if ids is None else Borough.objects.filter(pk__in=ids)


rules.add_perm("activities.see_engagement_picture", can_see_engagement_picture)
