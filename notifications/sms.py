"""Text messages to one person (confirmation codes, news of what was done), kept in the SMS outbox and sent by
a background task through the configured gateway (`notifications.channels`), with the outbox's retry rules.

    sms.send_sms(to="07700 900123", text="…", reason="feedback.published")

A domain that keeps numbers which asked for nothing more (alerts: a number that texted STOP) adds a refusal in its
AppConfig.ready(): `sms.refusals.add("alerts.stop", is_stopped)`; a refused number gets nothing, except a
message the person has just asked for on the site (`requested=True`, e.g. the code confirming they want texts).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import phonenumbers
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core import audit, retention
from core.errors import ServiceError
from notifications import outbox
from notifications.models import SmsOutbox
from notifications.tasks import send_outbox_sms


@dataclass
class Refusals:
    """Checks `(number) -> bool` that say a number must not be texted, by key."""

    checks: dict[str, Callable[[str], bool]] = field(default_factory=dict)

    def add(self, key: str, check: Callable[[str], bool]) -> None:
        self.checks[key] = check

    def refuse(self, number: str) -> bool:
        return any(check(number) for _key, check in sorted(self.checks.items()))


refusals = Refusals()


def normalise_mobile(text: str) -> str:
    """A UK mobile number in E.164 form, or a ServiceError."""
    text = (text or "").strip()
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ServiceError(
            gettext("Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"), field="phone"
        ) from exc
    national = phonenumbers.national_significant_number(number)
    # UK mobiles are 07xxx xxxxxx (not 070 personal numbers or 076 pagers). Ofcom's drama range
    # 07700 900xxx is accepted too (phonenumbers calls it invalid) so that examples and tests work.
    mobile_shape = len(national) == 10 and national.startswith("7") and national[:2] not in {"70", "76"}
    if (
        number.country_code != 44
        or not mobile_shape
        or not (
            national.startswith("7700900") or phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
        )
    ):
        raise ServiceError(gettext("Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"), field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def send_sms(*, to: str, text: str, reason: str, requested: bool = False) -> SmsOutbox:
    """Queue one text message through the gateway; it is sent after the transaction commits (a ServiceError
    for a number that is not a UK mobile, or one that asked not to be texted)."""
    number = normalise_mobile(to)
    if not requested and refusals.refuse(number):
        raise ServiceError(gettext("This number has asked us not to send it text messages."), code="suppressed")
    row = SmsOutbox.objects.create(
        to=number, text=text[:612], reason=reason[:100], next_attempt_at=outbox.first_attempt_fallback(timezone.now())
    )
    transaction.on_commit(lambda: send_outbox_sms.enqueue(row.pk))
    return row


@transaction.atomic
def resend_sms(sms: SmsOutbox, *, by: Any) -> bool:
    """Queue a failed (or unknown) text message again with a fresh set of attempts; False if not given up on."""
    if not outbox.resend(SmsOutbox, sms.pk):
        return False
    audit.log(by, "outbox.sms_resent", sms, changes={"status": [sms.status, SmsOutbox.Status.QUEUED]})
    transaction.on_commit(lambda: send_outbox_sms.enqueue(sms.pk))
    return True


def texts_to(numbers: list[str]) -> list[dict[str, Any]]:
    """The text messages sent to these numbers, oldest first (for a subject access export)."""
    return [
        {"to": m.to, "text": m.text, "reason": m.reason, "status": m.status, "at": m.created_at.isoformat()}
        for m in SmsOutbox.objects.filter(to__in=[n for n in numbers if n]).order_by("pk")
    ]


def forget_texts(numbers: list[str]) -> int:
    """Delete the text messages sent to these numbers (queued ones are never sent)."""
    return int(SmsOutbox.objects.filter(to__in=[n for n in numbers if n]).delete()[0])


def expire_texts(now: datetime) -> int:
    """Delete text messages sent (or given up on) longer ago than OUTBOX_RETENTION_DAYS."""
    done = [SmsOutbox.Status.SENT, SmsOutbox.Status.FAILED, SmsOutbox.Status.UNKNOWN]
    old = SmsOutbox.objects.filter(status__in=done, created_at__lt=retention.cutoff(now, "OUTBOX_RETENTION_DAYS"))
    return int(old.delete()[0])
