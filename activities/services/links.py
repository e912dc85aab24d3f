"""A planner's answer to a clash: the two activities joined up, or both needed."""

from typing import Any

from django.db import transaction

from activities import permissions
from activities.models import Activity, ActivityLink
from core import audit
from core.errors import NotAllowed, ServiceError


@transaction.atomic
def link_clash(*, activity: Activity, other: Activity, by: Any, kind: str, note: str = "") -> ActivityLink:
    """Record that the planner joined this activity up with a clashing one, or why both are needed."""
    if not permissions.can_edit(by, activity):
        raise NotAllowed("You cannot change this activity.")
    if other.pk == activity.pk:
        raise ServiceError("An activity cannot be linked to itself.", field="other")
    if kind not in ActivityLink.Kind.values:
        raise ServiceError("Choose joined up or both needed.", field="kind")
    note = (note or "").strip()
    if kind == ActivityLink.Kind.BOTH_NEEDED and not note:
        raise ServiceError("Say why both activities are needed.", field="note")
    link, _ = ActivityLink.objects.update_or_create(
        activity=activity, other=other, defaults={"kind": kind, "note": note, "created_by": by}
    )
    audit.log(by, f"activity.link_{kind}", activity, changes={"other": str(other), "note": note})
    return link
