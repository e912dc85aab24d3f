"""Prior consultations (action 3.6) waiting for a team or a coordinator, and open objections."""

from typing import Any

from django.db.models import QuerySet

from activities.models import Activity, PriorConsultation
from organisations.scope import Capability, scope_for


def consultations_waiting_for(user: Any) -> QuerySet[PriorConsultation]:
    """Prior consultations the user's neighbourhood team has not answered yet."""
    units = scope_for(user, Capability.WORKSPACE).unit_ids
    return (
        PriorConsultation.objects.filter(team_id__in=units, state=PriorConsultation.State.WAITING)
        .select_related("activity", "activity__organising_unit", "ward", "team")
        .order_by("activity__starts_at")
    )


def consultations_for_coordinator(user: Any) -> QuerySet[PriorConsultation]:
    """Waiting prior consultations in the coordinator's places."""
    scope = scope_for(user, Capability.COORDINATE)
    qs = PriorConsultation.objects.filter(state=PriorConsultation.State.WAITING)
    if not (scope.london_wide or getattr(user, "is_superuser", False)):
        qs = qs.filter(scope.ward_q("ward"))
    return qs.select_related("activity", "activity__organising_unit", "ward", "team").order_by("activity__starts_at")


def objections_for_coordinator(user: Any) -> QuerySet[PriorConsultation]:
    """Open objections in the coordinator's places: each waits to be resolved or overruled."""
    scope = scope_for(user, Capability.COORDINATE)
    qs = PriorConsultation.objects.filter(state=PriorConsultation.State.OBJECTED).exclude(
        activity__status=Activity.Status.CANCELLED
    )
    if not (scope.london_wide or getattr(user, "is_superuser", False)):
        qs = qs.filter(scope.ward_q("ward"))
    return qs.select_related("activity", "activity__organising_unit", "ward", "team").order_by("activity__starts_at")
