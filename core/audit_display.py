"""Audit entries as a given reader may see them: other people named in them become opaque references.

An audit entry names the member of staff who acted and often the person the record is about (a member's
name and phone in `changes`, a subscriber's email as the record's description). A subject access export or a
history page must not hand those names to someone who is not entitled to them: only the person themselves,
and readers whose role is to audit (the oversight body, administrators), see them as written. Everyone else
sees a reference such as `person-3f9c2a1b`, the same for the same person throughout one page or export, and
random per page so that two pages cannot be joined on it.
"""

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from core.models import AuditEntry
from core.personal import IDENTIFYING_KEYS, Identifiers

# Keys of `changes` whose values always name a person (contact details, the staff who did something).
PERSON_KEYS = (IDENTIFYING_KEYS - {"name"}) | {
    "user",
    "actor",
    "by",
    "by_label",
    "created_by",
    "decided_by",
    "answered_by",
    "reviewed_by",
    "recorded_by",
    "overruled_by",
    "member",
    "subscriber",
    "first_name",
    "last_name",
}
# Keys that name a person only in an entry about a person (a unit's "name" is not a person's).
PERSON_RECORD_KEYS = frozenset({"name", "owner"})
# Kinds of record whose description is a person (a name, an email address or a phone number).
PERSON_MODELS = frozenset(
    {
        "accounts.user",
        "alerts.subscriber",
        "alerts.suppression",
        "consultations.invitation",
        "feedback.participant",
        "groups.joinrequest",
        "groups.member",
        "organisations.post",
        "priorities.panelmember",
    }
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers as people type them (07700 900123, +44 7700 900123); not dates or amounts.
_PHONE = re.compile(r"(?<![\w+])(?:\+44 ?|0)\d(?: ?\d){8,9}(?!\w)")
_REFERENCE = re.compile(r"^person-[0-9a-f]{16}$")


@dataclass
class Pseudonyms:
    """One opaque reference per person named, for one page or one export."""

    given: dict[str, str] = field(default_factory=dict)

    def of(self, value: str) -> str:
        key = " ".join(value.split()).lower()
        if key not in self.given:
            self.given[key] = f"person-{secrets.token_hex(4)}"
        return self.given[key]


@dataclass
class AuditReader:
    """Who is reading, and so what they may see as written."""

    own: Identifiers = field(default_factory=lambda: Identifiers(frozenset()))
    user_id: int | None = None
    entitled: bool = False
    names: Pseudonyms = field(default_factory=Pseudonyms)

    def is_own(self, value: str) -> bool:
        return bool(value) and self.own.mentions(value)

    def person(self, value: Any) -> Any:
        """A value that names a person: as written if it is the reader's own, else a reference."""
        if self.entitled or value in (None, "") or not isinstance(value, str):
            return value
        if self.is_own(value) or _REFERENCE.match(value):
            return value
        return self.names.of(value)

    def text(self, value: Any) -> Any:
        """Free text with every email address and phone number other than the reader's replaced."""
        if self.entitled or not isinstance(value, str):
            return value

        def swap(match: re.Match[str]) -> str:
            found = match.group(0)
            return found if self.is_own(found) else self.names.of(found)

        return _PHONE.sub(swap, _EMAIL.sub(swap, value))

    def change(self, key: str, value: Any, *, personal: bool = False) -> Any:
        """One entry of `changes`: a person's field as a reference, anything else with contacts replaced.
        `personal`: the entry is about a person (or about no record), so a "name" is a person's name."""
        if isinstance(value, list | tuple):
            return [self.change(key, v, personal=personal) for v in value]
        if isinstance(value, dict):
            return {k: self.change(str(k), v, personal=personal) for k, v in value.items()}
        if key in PERSON_KEYS or (personal and key in PERSON_RECORD_KEYS):
            return self.person(value)
        return self.text(value)

    def who(self, entry: AuditEntry) -> str:
        if self.entitled or (self.user_id is not None and entry.actor_id == self.user_id):
            return entry.actor_label or "system"
        if not entry.actor_label:
            return "system"
        if entry.actor_id is not None or "@" in entry.actor_label or self.is_own(entry.actor_label):
            return str(self.person(entry.actor_label))
        return str(self.text(entry.actor_label))

    def record(self, entry: AuditEntry, labels: dict[int, str]) -> str:
        if self.entitled:
            return entry.object_repr
        is_self = self.user_id is not None and labels.get(entry.content_type_id or 0) == "accounts.user"
        if is_self and entry.object_id == str(self.user_id):
            return entry.object_repr
        if labels.get(entry.content_type_id or 0) in PERSON_MODELS:
            return str(self.person(entry.object_repr))
        return str(self.text(entry.object_repr))


def reader_for(user: Any, *, entitled: bool) -> AuditReader:
    """A signed-in reader: their own name and email stay as written, and everyone else's too if `entitled`."""
    own = Identifiers.of(
        [("email", user.email), ("name", getattr(user, "display_name", "")), ("name", user.get_full_name())]
    )
    return AuditReader(own=own.including_own(), user_id=user.pk, entitled=entitled)


def _labels(entries: Iterable[AuditEntry]) -> dict[int, str]:
    ids = {e.content_type_id for e in entries if e.content_type_id}
    return {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.filter(pk__in=ids)}


def present(entries: Iterable[AuditEntry], reader: AuditReader) -> list[dict[str, Any]]:
    """The entries as the reader may see them: when, who, what, which record, the changes and the note."""
    entries = list(entries)
    labels = _labels(entries)
    rows = []
    for entry in entries:
        personal = entry.content_type_id is None or labels.get(entry.content_type_id) in PERSON_MODELS
        rows.append(
            {
                "at": entry.at,
                "who": reader.who(entry),
                "action": entry.action,
                "record": reader.record(entry, labels),
                "changes": {k: reader.change(k, v, personal=personal) for k, v in (entry.changes or {}).items()},
                "note": reader.text(entry.note),
            }
        )
    return rows
