"""Audiences beyond subscribers: people other domains hold (a group's members, a consultation's respondents who
left their contact details), provided through `core.registry.alert_audiences` and stored on a message as
`(kind, id)` rows (`MessageAudience`). Alerts knows none of those domains."""

from typing import Any

from django.utils.translation import gettext

from alerts import permissions
from alerts.models import Message, MessageAudience
from core import registry
from core.errors import ServiceError
from core.registry import AudienceKind


def kinds() -> list[AudienceKind]:
    return registry.alert_audiences.ordered()


def choices_for(user: Any) -> dict[str, list[tuple[int, str]]]:
    """{kind: [(id, name)]} of every audience `user` may send to (nothing for someone who sends no alerts)."""
    scope = permissions.alert_scope(user)
    if scope.is_empty:
        return {}
    return {kind.kind: kind.choices(user, scope) for kind in kinds()}


def check(user: Any, chosen: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The chosen `(kind, id)` pairs, each once, or a ServiceError naming the first the sender may not reach."""
    allowed = choices_for(user)
    out: list[tuple[str, int]] = []
    for kind, pk in chosen:
        known = registry.alert_audiences.kinds.get(kind)
        if known is None:
            raise ServiceError(gettext("Unknown audience: %(kind)s") % {"kind": kind}, field="audiences")
        if pk not in {i for i, _name in allowed.get(kind, [])}:
            raise ServiceError(str(known.refused), field=kind)
        if (kind, pk) not in out:
            out.append((kind, pk))
    return out


def pairs(message: Message) -> list[tuple[str, int]]:
    return [(a.kind, a.object_id) for a in message.audiences.all()]


def store(message: Message, chosen: list[tuple[str, int]]) -> None:
    """Replace the message's audiences with the chosen (already checked) pairs."""
    message.audiences.all().delete()
    MessageAudience.objects.bulk_create(MessageAudience(message=message, kind=k, object_id=i) for k, i in chosen)


def described(message: Message) -> list[str]:
    """What each audience is, in words, for the message page ("Members of Brockley ward panel")."""
    out = []
    for kind, pk in pairs(message):
        known = registry.alert_audiences.kinds.get(kind)
        text = known.describe(pk) if known is not None else ""
        out.append(text or f"{kind} {pk} (no longer exists)")
    return out


def reasons_nobody(message: Message) -> list[tuple[str, str]]:
    """(field, reason) for each of the message's audiences, for "nobody would get this message"."""
    out = []
    for kind, _pk in pairs(message):
        known = registry.alert_audiences.kinds.get(kind)
        if known is not None:
            out.append((kind, str(known.nobody)))
    return out


def contacts_for(message: Message) -> list[dict[str, str]]:
    """[{'name', 'email', 'phone'}] of everyone the message's audiences reach, each once."""
    found: list[tuple[str, str, str]] = []
    for kind, pk in pairs(message):
        known = registry.alert_audiences.kinds.get(kind)
        if known is not None:
            found.extend(known.contacts(pk))
    seen: set[str] = set()
    out = []
    for name, email, phone in found:
        key = (email or phone or "").strip().lower()
        if not key or key in seen:
            continue
        seen.add(key)
        out.append({"name": name or "", "email": email or "", "phone": phone or ""})
    return out
