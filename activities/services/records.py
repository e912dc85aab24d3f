"""Recording an activity, changing it and moving it through its statuses."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from activities import permissions
from activities.models import Activity, PriorConsultation
from activities.services.consultation import consult_local_teams, refresh_consultation_hold
from activities.services.footprint import _invalidate_pages, rebuild_footprint
from activities.services.validation import M2M_FIELDS, OUTCOME_FIELDS, SCALAR_FIELDS, _as_list, _check_scope, validate
from core import audit
from core.errors import Conflict, NotAllowed, ServiceError

# A change to any of these is a new revision of the activity's calendar entry (its SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "recurrence", "repeat_until", "exception_dates", "title", "venue")
TRANSITIONS: dict[str, set[str]] = {
    Activity.Status.PLANNED: {Activity.Status.CONFIRMED, Activity.Status.HELD, Activity.Status.CANCELLED},
    Activity.Status.CONFIRMED: {Activity.Status.PLANNED, Activity.Status.HELD, Activity.Status.CANCELLED},
    Activity.Status.HELD: {Activity.Status.OUTCOME_RECORDED},
    Activity.Status.OUTCOME_RECORDED: {Activity.Status.FEEDBACK_GIVEN},
    Activity.Status.FEEDBACK_GIVEN: set(),
    Activity.Status.CANCELLED: set(),
}


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    unknown = set(data) - set(SCALAR_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown field: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    scalars = {k: v for k, v in data.items() if k in SCALAR_FIELDS}
    m2m = {k: _as_list(v) for k, v in data.items() if k in M2M_FIELDS}
    for key in ("title", "purpose", "use_of_results", "lead_name", "lead_email", "lead_phone", "venue"):
        if isinstance(scalars.get(key), str):
            scalars[key] = scalars[key].strip()
    return scalars, m2m


DEFAULTS: dict[str, Any] = {
    "use_of_results": "",
    "tier": Activity.Tier.BUSINESS_GROUP,
    "lead": None,
    "lead_name": "",
    "lead_email": "",
    "lead_phone": "",
    "london_wide": False,
    "recurrence": "",
    "repeat_until": None,
    "exception_dates": [],
    "venue": "",
    "venue_accessibility": "",
    "is_public": True,
    "pre_planned": True,
    "status": Activity.Status.PLANNED,
    "operation": None,
    "operation_phase": "",
    "attendance": None,
    "reach": None,
    "cost": None,
    "outcome_notes": "",
    "feedback_notes": "",
    "cancelled_reason": "",
}


def _placeless(values: dict[str, Any], m2m: dict[str, Any]) -> bool:
    """Tied to no ward, borough or London: an activity for a community, which every reader may see."""
    return not (values.get("london_wide") or m2m.get("wards") or m2m.get("boroughs"))


@transaction.atomic
def record_activity(*, by: Any, data: dict[str, Any], check_scope: bool = True) -> Activity:
    """Record a new activity; consult the wards' neighbourhood teams when another unit plans it."""
    scalars, m2m = _split(data)
    values = {**DEFAULTS, **scalars}
    for name in M2M_FIELDS:
        m2m.setdefault(name, [])
    if values.get("recurrence") is None:
        values["recurrence"] = ""
    validate(values, m2m)
    if check_scope:
        _check_scope(by, values, m2m["wards"], m2m["boroughs"])
    user = by if getattr(by, "is_authenticated", False) else None
    if values["lead"] is None and user is not None and not values["lead_name"]:
        values["lead"] = user
        values["lead_name"] = getattr(user, "get_full_name", lambda: "")() or user.email
        values["lead_email"] = values["lead_email"] or user.email
    activity = Activity.objects.create(created_by=user, placeless=_placeless(values, m2m), **values)
    for name, items in m2m.items():
        getattr(activity, name).set(items)
    rebuild_footprint(activity)
    audit.log(
        by,
        "activity.recorded",
        activity,
        changes={**audit.snapshot(activity), **{k: [str(i) for i in v] for k, v in m2m.items()}},
    )
    consult_local_teams(activity, by=by)
    _invalidate_pages(activity)
    return activity


@transaction.atomic
def update_activity(*, activity: Activity, by: Any, data: dict[str, Any], check_scope: bool = True) -> Activity:
    """Change an activity's details (status changes go through `change_status`)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if check_scope and not permissions.can_edit(by, activity):
        raise NotAllowed("You cannot change this activity.")
    scalars, m2m = _split(data)
    if "status" in scalars and scalars["status"] != activity.status:
        raise ServiceError("Change the status with the status buttons.", field="status")
    before = audit.snapshot(activity)
    before_m2m = {name: [str(i) for i in getattr(activity, name).all()] for name in M2M_FIELDS}
    values = {name: getattr(activity, name) for name in SCALAR_FIELDS}
    values.update(scalars)
    current = {name: list(getattr(activity, name).all()) for name in M2M_FIELDS}
    current.update(m2m)
    validate(values, current)
    if check_scope:
        _check_scope(by, values, current["wards"], current["boroughs"])
    _invalidate_pages(activity)
    if any(name in scalars and scalars[name] != getattr(activity, name) for name in SCHEDULE_FIELDS):
        activity.sequence += 1
    for key, value in scalars.items():
        setattr(activity, key, value)
    activity.placeless = _placeless(values, current)
    activity.save()
    for name, items in m2m.items():
        getattr(activity, name).set(items)
    rebuild_footprint(activity)
    after_m2m = {name: [str(i) for i in getattr(activity, name).all()] for name in M2M_FIELDS}
    changes = audit.diff({**before, **before_m2m}, {**audit.snapshot(activity), **after_m2m})
    audit.log(by, "activity.updated", activity, changes=changes)
    if "wards" in m2m:
        consult_local_teams(activity, by=by)
    # a team's deadline to answer never falls after the activity starts
    activity.consultations.filter(state=PriorConsultation.State.WAITING, respond_by__gt=activity.starts_at).update(
        respond_by=activity.starts_at
    )
    _invalidate_pages(activity)
    return activity


@transaction.atomic
def change_status(*, activity: Activity, by: Any, status: str, check_scope: bool = True, **outcome: Any) -> Activity:
    """Move an activity along planned → confirmed → held → outcome recorded → feedback given, or cancel it."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if check_scope and not permissions.can_edit(by, activity):
        raise NotAllowed("You cannot change this activity.")
    if status not in Activity.Status.values:
        raise ServiceError("Choose a status from the list.", field="status")
    if status != activity.status and status not in TRANSITIONS[activity.status]:
        raise ServiceError(
            f"An activity that is {activity.get_status_display().lower()} cannot become "
            f"{Activity.Status(status).label.lower()}.",
            field="status",
        )
    allowed = {*OUTCOME_FIELDS, "feedback_notes", "cancelled_reason"}
    unknown = set(outcome) - allowed
    if unknown:
        raise ServiceError(f"Unknown field: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    if status == Activity.Status.CONFIRMED and status != activity.status:
        objection = activity.consultations.filter(state=PriorConsultation.State.OBJECTED).select_related("team")
        first = objection.first()
        if first is not None:
            raise Conflict(
                f"{first.team} objected to this activity: it can be confirmed once the objection is resolved "
                "with the team or overruled by the borough champion.",
                field="status",
            )
    if status == Activity.Status.HELD and activity.starts_at > timezone.now():
        raise ServiceError("An activity cannot be marked held before it starts.", field="status")
    values = {name: getattr(activity, name) for name in SCALAR_FIELDS}
    values.update({k: v for k, v in outcome.items() if v is not None})
    values["status"] = status
    if status == Activity.Status.OUTCOME_RECORDED and not str(values.get("outcome_notes") or "").strip():
        raise ServiceError("Describe the outcome.", field="outcome_notes")
    if status == Activity.Status.FEEDBACK_GIVEN and not str(values.get("feedback_notes") or "").strip():
        raise ServiceError("Say what feedback was given, and to whom.", field="feedback_notes")
    if status == Activity.Status.CANCELLED and not str(values.get("cancelled_reason") or "").strip():
        raise ServiceError("Say why it was cancelled.", field="cancelled_reason")
    m2m = {name: list(getattr(activity, name).all()) for name in M2M_FIELDS}
    validate(values, m2m)
    before = audit.snapshot(activity)
    if status != activity.status:
        activity.sequence += 1
    for key in (*allowed, "status"):
        setattr(activity, key, values.get(key))
    activity.save()
    if status == Activity.Status.CANCELLED:
        rebuild_footprint(activity)
        activity.consultations.filter(state=PriorConsultation.State.WAITING).delete()
        refresh_consultation_hold(activity)
    audit.log(by, f"activity.{status}", activity, changes=audit.diff(before, audit.snapshot(activity)))
    _invalidate_pages(activity)
    return activity
