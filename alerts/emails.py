"""An alert as an email: built as a MIME message (`build_email`), or, for many recipients of the same message,
rendered once as bytes with each person's parts put in (`Prerendered`).

What differs from one recipient to the next is the To address, the Message-ID (the delivery's idempotency key),
the Date, and the tokens of the personal links (reply, manage, one-click unsubscribe). All of them are ASCII with
no spaces when the address is a plain ASCII address, so they are never folded or encoded and putting them into the
bytes rendered once gives the bytes the builder would give. `Prerendered` checks that when it is made: it renders
the message for two made-up recipients of different lengths and keeps the template only if substituting the
second into the first's bytes gives exactly the second's. Anything else (a non-ASCII address, a body the builder
encodes as quoted-printable) is built with `build_email` as before.
"""

import html
import re
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from alerts import services
from alerts.models import Channel, Message


def paragraphs_html(text: str) -> SafeString:
    """The message as HTML paragraphs (a blank line between paragraphs), as the email shows it: one line each, so
    that only a paragraph longer than a mail line may (998 bytes) makes the email encode its HTML part."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    # Safe: every part is escaped before the paragraph and line-break tags are added.
    return mark_safe("\n".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in parts))


class AlertEmail(EmailMultiAlternatives):
    """An alert email whose multipart boundary and Date are given, not found: the standard library finds a
    boundary by compiling a new regular expression for every message (to check the body does not contain it). A
    boundary holding 128 random bits, drawn once per batch, cannot occur in a staff-written message by chance."""

    def __init__(self, *args: Any, boundary: str, date: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.boundary = boundary
        self.date = date

    def message(self, *args: Any, **kwargs: Any) -> Any:
        msg = super().message(*args, **kwargs)
        msg.set_boundary(self.boundary)
        if self.date is not None:
            msg.replace_header("Date", self.date)
        return msg


def new_boundary() -> str:
    return f"===============alert-{uuid.uuid4().hex}=="


@dataclass(frozen=True)
class Personal:
    """What one recipient's copy has of its own. `manage` and `unsubscribe` are the subscriber's signed tokens
    (empty for a contact who is not a subscriber: no footer)."""

    address: str
    key: str
    manage: str = ""
    unsubscribe: str = ""
    date: str = ""


def personal(delivery: Any, subscriber_token: str | None, date: str = "") -> Personal:
    if not subscriber_token:
        return Personal(delivery.address, str(delivery.idempotency_key), date=date)
    return Personal(
        delivery.address,
        str(delivery.idempotency_key),
        services.manage_token_for(subscriber_token),
        services.unsubscribe_token_for(subscriber_token, Channel.EMAIL),
        date,
    )


def build_email(message: Message, who: Personal, boundary: str | None = None) -> AlertEmail:
    headers = {"Message-ID": f"<{who.key}>", "Precedence": "bulk", "Auto-Submitted": "auto-generated"}
    footer_text = ""
    footer_html = ""
    if who.manage:
        manage = settings.SITE_URL + reverse("alerts:manage", args=[who.manage])
        unsub = settings.SITE_URL + reverse("alerts:one_click_unsubscribe", args=[who.unsubscribe])
        reply = settings.SITE_URL + f"/alerts/m/{message.pk}/{who.manage}/"
        headers["List-Unsubscribe"] = f"<{unsub}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        say, change = (
            gettext("Reply to this message or say if it was useful"),
            gettext("Change your alerts or stop them"),
        )
        footer_text = f"\n\n---\n{say}: {reply}\n{change}: {manage}\n"
        footer_html = (
            f'\n<hr>\n<p><a href="{html.escape(reply)}">{html.escape(say)}</a></p>'
            f'\n<p><a href="{html.escape(manage)}">{html.escape(change)}</a></p>'
        )
    team = f"\n\n{message.team}" if message.team_id else ""
    email = AlertEmail(
        subject=message.subject,
        body=message.plain_text + team + footer_text,
        to=[who.address],
        headers=headers,
        boundary=boundary or new_boundary(),
        date=who.date or None,
    )
    email.attach_alternative(paragraphs_html(message.body) + footer_html, "text/html")
    return email


# A plain ASCII address (dot-atoms, no quoting): the builder writes it in To exactly as given.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Signed tokens (base64url and ":") and Message-IDs: never folded, encoded or escaped.
PLAIN_VALUE = re.compile(r"[A-Za-z0-9_:.@-]+")
MAX_VALUE = 200  # keeps every header line far below the 998-byte limit


def plain(who: Personal) -> bool:
    """Whether this recipient's parts can be put into pre-rendered bytes unchanged."""
    if len(who.address) > MAX_VALUE or not PLAIN_ADDRESS.fullmatch(who.address):
        return False
    return all(len(v) <= MAX_VALUE and PLAIN_VALUE.fullmatch(v) for v in (who.key, who.manage, who.unsubscribe) if v)


FIELDS = ("address", "key", "manage", "unsubscribe", "date")
MAX_LINE = 78  # where the email package folds a header (compat32, as Django's messages use)


def _sample(longest: bool, footer: bool, date: str) -> Personal:
    """Made-up parts, distinct from anything in a message: as short as can be, or each of the longest length
    `plain` lets through. Folding a header and encoding a part depend only on line lengths, so a template that
    gives the builder's bytes at both ends gives them for every length between."""

    def part(letter: str, at: str = "") -> str:
        tag = f"q{letter}x{int(longest)}"
        if not longest:
            return f"{tag}{at}{tag}.invalid" if at else tag
        return f"{tag}{at}" + "z" * (MAX_VALUE - len(tag) - len(at) - 8) + ".invalid"

    return Personal(
        address=part("a", "@"),
        key=part("k", "@"),
        manage=part("m", ":") if footer else "",
        unsubscribe=part("u", ":") if footer else "",
        date=date,
    )


# A part of the rendered bytes: literal bytes, a field put into the body as it is, or a header whose value holds
# fields (name, then literal text and field names in turn), folded as the email package folds it.
Part = bytes | str | tuple[str, list[str]]


class Prerendered:
    """One message's bytes with the places of each recipient's parts marked; `None` from `make` when the builder's
    bytes for two recipients, one with the shortest parts and one with the longest, are not what putting their
    parts in gives (e.g. a paragraph longer than a mail line: the part is encoded and a link may be split)."""

    def __init__(self, parts: list[Part], from_email: str) -> None:
        self.parts, self.from_email = parts, from_email

    @classmethod
    def make(cls, message: Message, *, footer: bool, boundary: str) -> "Prerendered | None":
        # The Date is put in per recipient; formatdate() gives every date the same length.
        first, second = _sample(False, footer, formatdate(0)), _sample(True, footer, formatdate(86400 * 400))
        email = build_email(message, first, boundary)
        data = email.message().as_bytes(linesep="\r\n")
        marks = {getattr(first, f): f for f in FIELDS if getattr(first, f)}
        pattern = re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)))
        head, sep, body = data.partition(b"\r\n\r\n")
        parts: list[Part] = []
        for line in re.split(rb"\r\n(?![ \t])", head):  # one header, with its continuation lines
            text = line.decode("ascii", "surrogateescape")
            if not pattern.search(text):
                parts.append(line + b"\r\n")
                continue
            name, colon, value = text.partition(": ")
            value = value.removeprefix("\r\n ")
            if not colon or "\r\n" in value:
                return None
            parts.append((name, _split(pattern, marks, value)))
            parts.append(b"\r\n")
        if not sep:
            return None
        parts.append(b"\r\n")  # the blank line after the headers
        for i, piece in enumerate(_split(pattern, marks, body.decode("ascii", "surrogateescape"))):
            parts.append(piece if i % 2 else piece.encode("ascii", "surrogateescape"))
        made = cls(parts, sanitize_address(email.from_email, email.encoding or settings.DEFAULT_CHARSET))
        expected = build_email(message, second, boundary).message().as_bytes(linesep="\r\n")
        if made.render(first) != data or made.render(second) != expected:
            return None
        return made

    def render(self, who: Personal) -> bytes:
        out: list[bytes] = []
        for part in self.parts:
            if isinstance(part, bytes):
                out.append(part)
            elif isinstance(part, str):
                out.append(getattr(who, part).encode("ascii"))
            else:
                name, pieces = part
                value = "".join(getattr(who, p) if i % 2 else p for i, p in enumerate(pieces))
                fold = ": " if len(name) + 2 + len(value) <= MAX_LINE else ": \r\n "
                out.append(f"{name}{fold}{value}".encode("ascii"))
        return b"".join(out)


def _split(pattern: re.Pattern[str], marks: dict[str, str], text: str) -> list[str]:
    """Text around the marks and the names of the fields marked, in turn (literal at even places)."""
    pieces: list[str] = []
    at = 0
    for found in pattern.finditer(text):
        pieces += [text[at : found.start()], marks[found.group()]]
        at = found.end()
    return [*pieces, text[at:]]
