"""A person's identifiers (email addresses, phone numbers, full names, addresses, postcodes) and how to find
and replace them in records that several apps share: the audit log and the email outbox.

The identifiers come from the person's own data export (`accounts.services`), so the same inventory drives
both the subject access export and the erasure.
"""

import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Q

# Keys of a personal-data export whose values identify the person.
IDENTIFYING_KEYS = frozenset(
    {
        "email",
        "contact_email",
        "phone",
        "contact_phone",
        "name",
        "contact_name",
        "display_name",
        "address",
        "postcode",
        "to",
    }
)
MIN_LENGTH = 3
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")
_PHONE_CHARS = re.compile(r"[\s().-]")


@dataclass(frozen=True)
class EmailHolder:
    """Someone without an account, known only by an email address they have shown they hold (they opened a
    signed link sent to it). Stands in for an account in every part's personal-data export and erasure."""

    email: str
    pk: None = None
    display_name: str = ""
    is_authenticated: bool = False

    def get_full_name(self) -> str:
        return ""


def new_reference() -> str:
    """An opaque reference that stands for an erased person (random: it cannot be worked back to them)."""
    return f"person-{secrets.token_hex(8)}"


def variants(value: str, *, key: str = "") -> set[str]:
    """The forms in which one identifier may have been stored (phones national and E.164, postcodes with or
    without their space). Names count only as full names and addresses only with a number or three words:
    anything vaguer would match other people too."""
    value = " ".join(str(value).split())
    if len(value) < MIN_LENGTH:
        return set()
    if "@" in value:
        return {value.lower()}
    compact = _PHONE_CHARS.sub("", value)
    if re.fullmatch(r"\+?\d{7,15}", compact):
        out = {value, compact}
        national = "0" + compact[3:] if compact.startswith("+44") else compact
        if national.startswith("0"):
            out |= {national, "+44" + national[1:], f"{national[:5]} {national[5:]}"}
        return out
    postcode = _POSTCODE.match(value.upper())
    if postcode:
        return {f"{postcode[1]} {postcode[2]}", f"{postcode[1]}{postcode[2]}"}
    if key.endswith("name") and " " not in value:
        return set()
    # "London" or "High Street" would match records about other people; "17 Larkspur Mews" would not.
    if key == "address" and not (re.search(r"\d", value) or len(value.split()) >= 3):
        return set()
    return {value}


@dataclass(frozen=True)
class Identifiers:
    """Everything that identifies one person, with matching that respects word boundaries."""

    terms: frozenset[str]
    # One-word names: replaced only in records that are certainly the person's own (e.g. audit entries of
    # what they did), because elsewhere they would match other people too.
    own_terms: frozenset[str] = frozenset()

    @classmethod
    def of(cls, values: Iterable[tuple[str, str]]) -> "Identifiers":
        """From (key, value) pairs, e.g. ("phone", "07700 900123")."""
        terms: set[str] = set()
        own: set[str] = set()
        for key, value in values:
            found = variants(value, key=key)
            terms |= found
            value = " ".join(str(value).split())
            if not found and (key.endswith("name") or key == "address") and len(value) >= MIN_LENGTH:
                own.add(value)
        return cls(frozenset(terms), frozenset(own - terms))

    def including_own(self) -> "Identifiers":
        """The same, with the one-word names, for records known to be the person's own."""
        return Identifiers(self.terms | self.own_terms)

    @classmethod
    def from_export(cls, data: Any, extra: Iterable[tuple[str, str]] = ()) -> "Identifiers":
        """Identifying values anywhere in a personal-data export (see IDENTIFYING_KEYS)."""
        pairs = list(extra)

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in IDENTIFYING_KEYS and isinstance(value, str) and value:
                        pairs.append((key, value))
                    else:
                        walk(value)
            elif isinstance(node, list | tuple):
                for value in node:
                    walk(value)

        walk(data)
        return cls.of(pairs)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        ordered = sorted(self.terms, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)", re.IGNORECASE)

    def q(self, *fields: str, json_fields: Iterable[str] = ()) -> Q:
        """Rows where any of `fields` may mention the person (confirm with `mentions`)."""
        condition = Q(pk__in=[])
        for term in self.terms:
            for name in fields:
                condition |= Q(**{f"{name}__icontains": term})
            # JSON may be stored with non-ASCII characters escaped.
            escaped = json.dumps(term)[1:-1]
            for name in json_fields:
                condition |= Q(**{f"{name}__icontains": term})
                if escaped != term:
                    condition |= Q(**{f"{name}__icontains": escaped})
        return condition

    def mentions(self, value: Any) -> bool:
        if not self.terms:
            return False
        if isinstance(value, str):
            return bool(self._pattern.search(value))
        if isinstance(value, dict):
            return any(self.mentions(k) or self.mentions(v) for k, v in value.items())
        if isinstance(value, list | tuple):
            return any(self.mentions(v) for v in value)
        return False

    def redact(self, value: Any, reference: str) -> Any:
        """The value (text, or JSON-like data) with every identifier replaced by `reference`."""
        if not self.terms:
            return value
        if isinstance(value, str):
            return self._pattern.sub(reference, value)
        if isinstance(value, dict):
            return {self.redact(k, reference): self.redact(v, reference) for k, v in value.items()}
        if isinstance(value, list):
            return [self.redact(v, reference) for v in value]
        return value
