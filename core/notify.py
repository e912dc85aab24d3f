"""Transactional messages to one person: an email (kept as an outbox row, sent by a background task)
and in-app notices for staff. Bulk alerts to subscribers live in the `alerts` app.

    notify.send_email(to="a@b.c", subject="…", text="…", reason="feedback.published")
    notify.notify_user(user, "Lewisham SNT asks you to review an activity", link="/activities/12/")
    notify.absolute_url("/activities/12/")   # "https://engage.example.org/activities/12/" for an email

Links in emails must be absolute (a mail client has no page to be relative to): build every one with
`absolute_url`, which uses the configured SITE_URL (`make run` sets it from its HOST and PORT).
"""

from typing import Any

from django.conf import settings
from django.db import transaction

from core.models import Notification, OutboundEmail


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
