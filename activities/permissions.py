"""Who may answer, settle and overrule prior consultations, and read the minimum-standards report.

Named django-rules predicates, asked by pages, API and services alike:

    user.has_perm("activities.answer_consultation", consultation)   # the ward's neighbourhood team
    user.has_perm("activities.overrule_objection", consultation)    # a coordinator for the ward
    user.has_perm("activities.view_standards")                       # coordinators and oversight readers
    user.has_perm("activities.see_engagement_picture")               # fatigue, never asked: the same readers
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from activities.models import Activity, PriorConsultation
from organisations.scope import Capability, has_capability, scope_for
from places.models import Borough

STANDARDS_CAPABILITIES = (Capability.COORDINATE, Capability.READ_ALL)


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


def picture_boroughs(user: Any) -> QuerySet[Borough]:
    """The boroughs whose fatigue and never-asked figures the user sees: their coordinating (or reading) area."""
    boroughs = Borough.objects.all()
    if getattr(user, "is_superuser", False):
        return boroughs
    scope = scope_for(user, Capability.COORDINATE)
    if scope.is_empty:
        scope = scope_for(user, Capability.READ_ALL)
    if scope.london_wide:
        return boroughs
    return boroughs.filter(scope.borough_q("pk"))


rules.add_perm("activities.see_engagement_picture", can_see_engagement_picture)
