"""Transactional messages to one person: an email (kept as an outbox row, sent by a background task)
and in-app notices for staff. Bulk alerts to subscribers live in the `alerts` app.

    notify.send_email(to="a@b.c", subject="…", text="…", reason="feedback.published")
    notify.notify_user(user, "Lewisham SNT asks you to review an activity", link="/activities/12/")
"""

from typing import Any

from django.db import transaction

from core.models import Notification, OutboundEmail


def send_email(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    reason: str = "",
    headers: dict[str, str] | None = None,
) -> OutboundEmail:
    """Queue one email; it is sent after the current transaction commits, at most once."""
    from core.tasks import send_outbound_email

    email = OutboundEmail.objects.create(
        to=to, subject=subject[:255], text=text, html=html, reason=reason[:100], headers=headers or {}
    )
    transaction.on_commit(lambda: send_outbound_email.enqueue(email.pk))
    return email


def notify_user(user: Any, message: str, *, link: str = "", kind: str = "") -> Notification:
    """An in-app notice shown in the user's workspace until they mark it read."""
    return Notification.objects.create(user=user, message=message[:500], link=link[:500], kind=kind[:100])
