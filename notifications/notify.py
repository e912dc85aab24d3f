"""Transactional messages to one person: an email (kept as an outbox row, sent by a background task)
and in-app notices for staff. Bulk alerts to subscribers live in the `alerts` app; texts in `notifications.sms`.

    notify.send_email(to="a@b.c", subject="…", text="…", reason="feedback.published")
    notify.notify_user(user, "Lewisham SNT asks you to review an activity", link="/activities/12/")
    notify.absolute_url("/activities/12/")   # "https://engage.example.org/activities/12/" for an email

Links in emails must be absolute (a mail client has no page to be relative to): build every one with
`absolute_url`, which uses the configured SITE_URL (`make run` sets it from its HOST and PORT).
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import audit, retention
from core.models import Notification
from core.personal import Identifiers
from notifications import outbox
from notifications.models import OutboundEmail
from notifications.tasks import send_outbound_email


def absolute_url(path: str) -> str:
    """The full address of a path on this site (built from SITE_URL), for links in emails and feeds."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def send_email(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    reason: str = "",
    headers: dict[str, str] | None = None,
) -> OutboundEmail:
    """Queue one email; it is sent after the current transaction commits, and tried again until it goes."""
    email = OutboundEmail.objects.create(
        to=to,
        subject=subject[:255],
        text=text,
        html=html,
        reason=reason[:100],
        headers=headers or {},
        next_attempt_at=outbox.first_attempt_fallback(timezone.now()),
    )
    transaction.on_commit(lambda: send_outbound_email.enqueue(email.pk))
    return email


@transaction.atomic
def resend_email(email: OutboundEmail, *, by: Any) -> bool:
    """Queue a failed (or unknown) email again with a fresh set of attempts; False if it is not given up on."""
    if not outbox.resend(OutboundEmail, email.pk):
        return False
    audit.log(by, "outbox.email_resent", email, changes={"status": [email.status, OutboundEmail.Status.QUEUED]})
    transaction.on_commit(lambda: send_outbound_email.enqueue(email.pk))
    return True


def notify_user(user: Any, message: str, *, link: str = "", kind: str = "") -> Notification:
    """An in-app notice shown in the user's workspace until they mark it read."""
    return Notification.objects.create(user=user, message=message[:500], link=link[:500], kind=kind[:100])


def _mentioning(identifiers: Identifiers) -> list[OutboundEmail]:
    candidates = OutboundEmail.objects.filter(identifiers.q("to", "subject", "text", "html")).order_by("created_at")
    return [e for e in candidates if identifiers.mentions([e.to, e.subject, e.text, e.html])]


def emails_about(identifiers: Identifiers) -> list[dict[str, Any]]:
    """Emails in the outbox sent to a person or naming them (for their subject access export)."""
    if not identifiers:
        return []
    return [
        {
            # Emails about the person to staff (e.g. news of a request to join) do not name the staff member.
            "to": e.to if identifiers.mentions(e.to) else "staff",
            "subject": e.subject,
            "text": e.text,
            "status": e.status,
            "created_at": e.created_at.isoformat(),
            "sent_at": e.sent_at.isoformat() if e.sent_at else None,
        }
        for e in _mentioning(identifiers)
    ]


def forget(identifiers: Identifiers, reference: str) -> int:
    """Delete the emails sent to a person; in emails to others (staff told of a request), put the opaque
    reference in place of their details. Queued emails to them are never sent."""
    if not identifiers:
        return 0
    count = 0
    for email in _mentioning(identifiers):
        if identifiers.mentions(email.to):
            email.delete()
        else:
            email.subject = identifiers.redact(email.subject, reference)[:255]
            email.text = identifiers.redact(email.text, reference)
            email.html = identifiers.redact(email.html, reference)
            email.headers = identifiers.redact(email.headers, reference)
            email.save(update_fields=["subject", "text", "html", "headers"])
        count += 1
    for notice in Notification.objects.filter(identifiers.q("message")):
        notice.message = identifiers.redact(notice.message, reference)[:500]
        notice.save(update_fields=["message"])
        count += 1
    return count


def expire_emails(now: datetime) -> int:
    """Delete emails sent (or given up on) longer ago than OUTBOX_RETENTION_DAYS."""
    done = [OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED, OutboundEmail.Status.UNKNOWN]
    old = OutboundEmail.objects.filter(status__in=done, created_at__lt=retention.cutoff(now, "OUTBOX_RETENTION_DAYS"))
    return old.delete()[0]
