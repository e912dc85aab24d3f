"""Write and read the audit log. Call `log` inside the transaction of the change it records."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from core import bounds, retention
from core.audit_display import AuditReader, present
from core.models import AuditEntry
from core.personal import Identifiers


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
        note=note[: bounds.MAX_TEXT],
    )


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """Every audit entry about an object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def forget_object(obj: models.Model, reference: str) -> int:
    """Entries about a record that is being erased show `reference` instead of the record's description
    (which may be a name or an address); found by the record's key, so it is cheap at any size."""
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)).update(
        object_repr=reference
    )


def _about(identifiers: Identifiers, person: models.Model | None) -> QuerySet[AuditEntry]:
    """Entries that may name the person, that they wrote, or that are about their account."""
    condition = identifiers.q("actor_label", "object_repr", "note", json_fields=["changes_text"])
    if person is not None:
        condition |= Q(actor=person) | Q(
            content_type=ContentType.objects.get_for_model(person), object_id=str(person.pk)
        )
    return AuditEntry.objects.annotate(changes_text=Cast("changes", TextField())).filter(condition)


def _is_about(entry: AuditEntry, person: models.Model | None) -> bool:
    return (
        person is not None
        and entry.content_type_id == ContentType.objects.get_for_model(person).pk
        and entry.object_id == str(person.pk)
    )


def entries_about(identifiers: Identifiers, *, person: models.Model | None = None) -> list[dict[str, Any]]:
    """The audit entries that name a person or record what they did (for their subject access export).

    Other people named in them (the staff who acted, the people a record of theirs is about) appear only as
    opaque references: an export is the person's own data, never someone else's."""
    selected = []
    for entry in _about(identifiers, person).order_by("at", "pk"):
        own = person is not None and entry.actor_id == person.pk
        if (
            own
            or _is_about(entry, person)
            or identifiers.mentions([entry.actor_label, entry.object_repr, entry.note, entry.changes])
        ):
            selected.append(entry)
    reader = AuditReader(own=identifiers.including_own(), user_id=person.pk if person is not None else None)
    return [{**row, "at": row["at"].isoformat()} for row in present(selected, reader)]


def pseudonymise(
    identifiers: Identifiers, reference: str, *, person: models.Model | None = None, keep_actor_label: bool = False
) -> int:
    """Replace a person's identifiers with an opaque reference in the audit log and the admin's log.

    The entries stay (what happened, and when), so the history of every record still adds up. With
    `keep_actor_label`, entries the person wrote keep their name as the actor: staff answer for what they
    did in post.
    """
    count = 0
    # Read the (few) matching entries first: rewriting rows under an open cursor on the same table is unsafe.
    for entry in list(_about(identifiers, person)):
        own = person is not None and entry.actor_id == person.pk
        about = _is_about(entry, person)
        found = identifiers.including_own() if own or about else identifiers
        before = (entry.actor_label, entry.object_repr, entry.note, entry.changes)
        if own and not keep_actor_label:
            entry.actor_label = reference
        elif not own:
            entry.actor_label = found.redact(entry.actor_label, reference)[:255]
        entry.object_repr = reference if about else found.redact(entry.object_repr, reference)
        entry.object_repr = entry.object_repr[:255]
        entry.note = found.redact(entry.note, reference)
        entry.changes = found.redact(entry.changes, reference)
        if (entry.actor_label, entry.object_repr, entry.note, entry.changes) != before:
            entry.save(update_fields=["actor_label", "object_repr", "note", "changes"])
            count += 1
    for log_entry in list(LogEntry.objects.filter(identifiers.q("object_repr", "change_message"))):
        log_entry.object_repr = identifiers.redact(log_entry.object_repr, reference)[:200]
        log_entry.change_message = identifiers.redact(log_entry.change_message, reference)
        log_entry.save(update_fields=["object_repr", "change_message"])
        count += 1
    return count


def expire_entries(now: datetime) -> int:
    """Delete audit entries older than AUDIT_RETENTION_DAYS (and the admin's log of the same age)."""
    cutoff = retention.cutoff(now, "AUDIT_RETENTION_DAYS")
    count = AuditEntry.objects.filter(at__lt=cutoff).delete()[0]
    return count + LogEntry.objects.filter(action_time__lt=cutoff).delete()[0]
