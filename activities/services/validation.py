"""Who may plan an activity for which unit and places, and the checks an activity's fields must pass."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from activities import permissions
from activities.models import Activity
from activities.recurrence import MAX_OCCURRENCES, MAX_SPAN_DAYS, count_occurrences, occurrence_starts
from core.errors import NotAllowed, ServiceError
from organisations.models import Unit
from organisations.scope import Capability, units_for
from places.models import Borough, Ward

M2M_FIELDS = ("partners", "wards", "boroughs", "communities")
SCALAR_FIELDS = (
    "title",
    "purpose",
    "use_of_results",
    "method",
    "tier",
    "organising_unit",
    "lead",
    "lead_name",
    "lead_email",
    "lead_phone",
    "london_wide",
    "audience",
    "starts_at",
    "ends_at",
    "recurrence",
    "repeat_until",
    "exception_dates",
    "venue",
    "venue_accessibility",
    "is_public",
    "pre_planned",
    "status",
    "operation",
    "operation_phase",
    "attendance",
    "reach",
    "cost",
    "outcome_notes",
    "feedback_notes",
    "cancelled_reason",
)
OUTCOME_FIELDS = ("attendance", "reach", "cost", "outcome_notes")
HELD_OR_LATER = {
    Activity.Status.HELD,
    Activity.Status.OUTCOME_RECORDED,
    Activity.Status.FEEDBACK_GIVEN,
}
MAX_OCCURRENCE_LENGTH = timedelta(days=366)


def plannable_units(user: Any) -> Any:
    """Units the user may record activities for: their own, or any unit for an administrator."""
    if getattr(user, "is_superuser", False) or permissions.can_administer(user):
        return Unit.objects.filter(is_active=True)
    return units_for(user, Capability.PLAN_ACTIVITY)


def _check_scope(by: Any, values: dict[str, Any], wards: list[Ward], boroughs: list[Borough]) -> None:
    if not permissions.can_plan(by):
        raise NotAllowed("Your role does not allow you to plan activities.")
    unit = values["organising_unit"]
    if not plannable_units(by).filter(pk=unit.pk).exists():
        raise ServiceError(f"You cannot plan activities for {unit}.", field="organising_unit")
    if values.get("london_wide") and not permissions.can_plan_in(by, london_wide=True):
        raise ServiceError("A London-wide activity is outside the places you may plan for.", field="london_wide")
    outside = [w.name for w in wards if not permissions.can_plan_in(by, wards=[w])]
    if outside:
        raise ServiceError(f"Outside the places you may plan for: {', '.join(outside)}.", field="wards")
    outside = [b.name for b in boroughs if not permissions.can_plan_in(by, boroughs=[b])]
    if outside:
        raise ServiceError(f"Outside the places you may plan for: {', '.join(outside)}.", field="boroughs")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | bytes):
        raise ServiceError("Expected a list.")
    return list(value)


BOUNDED_FIELDS = {
    "title": "Title",
    "purpose": "Purpose",
    "use_of_results": "How the results will be used",
    "lead_name": "Lead's name",
    "lead_email": "Lead's email",
    "lead_phone": "Lead's phone",
    "venue": "Venue",
    "venue_accessibility": "Venue accessibility",
    "starts_at": "Start",
    "ends_at": "End",
    "repeat_until": "Last date",
    "attendance": "Attendance",
    "reach": "Reach",
    "cost": "Cost",
    "outcome_notes": "Outcome",
    "feedback_notes": "Feedback",
    "cancelled_reason": "Reason for cancelling",
}
MAX_LIST_ITEMS = 1000


def _check_bounds(values: dict[str, Any], names: Iterable[str]) -> None:
    """Hold each value to its model field's limits (length, range, digits), with the field's name in the message."""
    for name in names:
        value = values.get(name)
        if value is None or value == "":
            continue
        field = Activity._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101 - a concrete column, never a relation
        try:
            field.run_validators(value)
        except ValidationError as exc:
            raise ServiceError(f"{BOUNDED_FIELDS[name]}: {exc.messages[0]}", field=name) from exc


def validate(values: dict[str, Any], m2m: dict[str, list[Any]]) -> None:
    """Raise ServiceError for the first thing wrong with a proposed activity (all fields present)."""
    for name, label in (("title", "a title"), ("purpose", "why this is taking place"), ("method", "a method")):
        if not str(values.get(name) or "").strip():
            raise ServiceError(f"Enter {label}.", field=name)
    if values["method"] not in Activity.Method.values:
        raise ServiceError("Choose a method from the list.", field="method")
    if values["tier"] not in Activity.Tier.values:
        raise ServiceError("Choose a tier from the list.", field="tier")
    if values["status"] not in Activity.Status.values:
        raise ServiceError("Choose a status from the list.", field="status")
    if values.get("audience", Activity.Audience.PUBLIC) not in Activity.Audience.values:
        raise ServiceError("Choose whom it engages from the list.", field="audience")
    if not isinstance(values.get("organising_unit"), Unit):
        raise ServiceError("Choose the organising unit.", field="organising_unit")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not isinstance(starts, datetime):
        raise ServiceError("Enter when it starts.", field="starts_at")
    if not isinstance(ends, datetime):
        raise ServiceError("Enter when it ends.", field="ends_at")
    if timezone.is_naive(starts) or timezone.is_naive(ends):
        raise ServiceError("Give times with a time zone.", field="starts_at")
    _check_bounds(values, ("starts_at", "ends_at", "repeat_until"))
    if ends <= starts:
        raise ServiceError("The end must be after the start.", field="ends_at")
    if ends - starts > MAX_OCCURRENCE_LENGTH:
        raise ServiceError("One occurrence cannot last more than a year.", field="ends_at")
    recurrence = values.get("recurrence") or ""
    if recurrence not in Activity.Recurrence.values:
        raise ServiceError("Choose how often it repeats from the list.", field="recurrence")
    until = values.get("repeat_until")
    if recurrence:
        if not isinstance(until, date):
            raise ServiceError("A repeating activity needs a last date.", field="repeat_until")
        if until < timezone.localtime(starts).date():
            raise ServiceError("The last date must be on or after the first occurrence.", field="repeat_until")
        if (until - timezone.localtime(starts).date()).days > MAX_SPAN_DAYS:
            raise ServiceError("A series can run for at most five years.", field="repeat_until")
        if count_occurrences(starts, recurrence, until) > MAX_OCCURRENCES:
            raise ServiceError(f"A series can have at most {MAX_OCCURRENCES} occurrences.", field="repeat_until")
        step_days = {"weekly": 7, "fortnightly": 14, "six_weekly": 42}.get(recurrence, 28)
        if ends - starts > timedelta(days=step_days):
            raise ServiceError("Each occurrence must end before the next one starts.", field="ends_at")
    elif until is not None:
        raise ServiceError("Only a repeating activity has a last date.", field="repeat_until")
    exceptions = values.get("exception_dates") or []
    for name, items in (("exception_dates", exceptions), *m2m.items()):
        if len(items) > MAX_LIST_ITEMS:
            raise ServiceError(f"Give at most {MAX_LIST_ITEMS} {name.replace('_', ' ')}.", field=name)
    if exceptions and not recurrence:
        raise ServiceError("Only a repeating activity has exceptions.", field="exception_dates")
    if exceptions:
        dates = {timezone.localtime(s).date().isoformat() for s in occurrence_starts(starts, recurrence, until)}
        for d in exceptions:
            if d not in dates:
                raise ServiceError(f"{d} is not one of the dates of this series.", field="exception_dates")
    if not (m2m["wards"] or m2m["boroughs"] or values.get("london_wide") or m2m["communities"]):
        raise ServiceError(
            "Say where it takes place (wards, boroughs or London-wide) or which community it is for.",
            field="wards",
        )
    if values.get("lead_email") and "@" not in values["lead_email"]:
        raise ServiceError("Enter the lead's email address like name@example.com.", field="lead_email")
    if values.get("operation_phase") and not values.get("operation"):
        raise ServiceError("Choose the operation this reassurance activity is linked to.", field="operation")
    if values["status"] not in HELD_OR_LATER:
        for name in OUTCOME_FIELDS:
            if values.get(name) not in (None, ""):
                raise ServiceError("Attendance, reach, cost and outcome are recorded once it is held.", field=name)
    for name in ("attendance", "reach"):
        v = values.get(name)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise ServiceError("Enter a whole number, 0 or more.", field=name)
    cost = values.get("cost")
    if cost is not None:
        try:
            values["cost"] = Decimal(str(cost))
        except InvalidOperation as exc:
            raise ServiceError("Enter the cost in pounds, like 120.50.", field="cost") from exc
        if not values["cost"].is_finite():
            raise ServiceError("Enter the cost in pounds, like 120.50.", field="cost")
        if values["cost"] < 0:
            raise ServiceError("The cost cannot be negative.", field="cost")
    _check_bounds(values, BOUNDED_FIELDS)
