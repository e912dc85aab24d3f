"""Who may read a record's history (django-rules): holders of VIEW_AUDIT whose places cover the record; and who
may see the emails given up on and send them again (administrators: the page shows addresses)."""

from typing import Any

import rules
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from organisations.models import Unit
from organisations.permissions import is_administrator, unit_area
from organisations.scope import Capability, scope_for

# Links from a record to the record whose place it shares (an action to its plan, a plan to its owner, …).
_PARENT_LINKS = ("unit", "owner", "team", "plan", "group", "meeting", "consultation", "activity", "priority", "issue")
_MAX_DEPTH = 3

# The kinds of record whose history staff may read. Only the records staff work on: the page shows a record's
# name, and for the public's own rows (subscribers, deliveries, responses, sign-in addresses) or the log itself
# that name is an email address or a person's words, so any other model is "no such kind of record".
HISTORY_MODELS = frozenset(
    {
        "accounts.user",
        "activities.activity",
        "activities.communityofinterest",
        "activities.minimumstandard",
        "activities.operation",
        "alerts.message",
        "consultations.consultation",
        "feedback.feedbackrecord",
        "groups.briefingpack",
        "groups.communitygroup",
        "groups.meeting",
        "organisations.post",
        "organisations.unit",
        "plans.action",
        "plans.plan",
        "plans.section",
        "priorities.issue",
        "priorities.priority",
    }
)


def has_history(model: type[models.Model]) -> bool:
    """Whether the history page exists for this kind of record."""
    return model._meta.label_lower in HISTORY_MODELS


def _ids(obj: models.Model, name: str) -> list[int]:
    """Primary keys behind a foreign key (`<name>_id`) or a many-to-many field called `name`."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    if field.many_to_many and not field.auto_created:
        return list(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
    if field.many_to_one and isinstance(field, models.Field):
        value = getattr(obj, field.attname, None)
        return [value] if value is not None else []
    return []


def record_places(obj: models.Model, depth: int = 0) -> dict[str, list[int]] | None:
    """The wards and boroughs a record belongs to, or None when it has no place (London-wide readers only)."""
    if isinstance(obj, Unit):
        area = unit_area(obj)
        return None if area.get("london_wide") else area
    wards = _ids(obj, "ward") + _ids(obj, "wards")
    boroughs = _ids(obj, "borough") + _ids(obj, "boroughs")
    if wards or boroughs:
        return {"wards": wards, "boroughs": boroughs}
    if depth < _MAX_DEPTH:
        for name in _PARENT_LINKS:
            if _ids(obj, name):
                parent = getattr(obj, name)
                if isinstance(parent, models.Model):
                    return record_places(parent, depth + 1)
    return None


@rules.predicate
def reads_history(user: Any, obj: models.Model | None) -> bool:
    """The person may read the audit log in at least one of the record's places (London-wide: every record)."""
    scope = scope_for(user, Capability.VIEW_AUDIT)
    if scope.is_empty or obj is None or not has_history(type(obj)):
        return False
    if scope.london_wide:
        return True
    places = record_places(obj)
    if places is None:
        return False
    return any(scope.covers_ward(w) for w in places.get("wards", [])) or any(
        scope.covers_borough(b) for b in places.get("boroughs", [])
    )


rules.add_perm("workspace.view_history", reads_history)
# Named for the pages that ask them (the rule itself, without Django's permission tables behind `has_perm`).
resends_email = is_administrator
views_schedule = is_administrator

rules.add_perm("workspace.resend_email", resends_email)
rules.add_perm("workspace.view_schedule", views_schedule)
