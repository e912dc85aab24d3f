"""Write and read the audit log. Call `log` inside the transaction of the change it records."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited values of an instance's concrete fields (foreign keys as their display text)."""
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in instance._meta.concrete_fields if f.name not in {"id", "created_at", "updated_at"}]
    )
    values: dict[str, Any] = {}
    for name in names:
        values[name] = _plain(getattr(instance, name, None))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose values differ, as {field: [old, new]}."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def log(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`. `actor` may be None for the system."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = ""
    if user is not None:
        label = getattr(user, "email", "") or str(user)
    elif isinstance(actor, str):
        label = actor
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label[:255],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=_plain(changes or {}),
        note=note,
    )


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """Every audit entry about an object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
