"""Background tasks of the core app (thin: load by id, do the work, record the outcome)."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from core import outbox
from core.models import OutboundEmail


@task()
def send_outbound_email(email_id: int) -> str:
    """One attempt at one email; a failure is queued again after its backoff (core.outbox)."""
    # Claim the row atomically so that two workers holding the same id cannot both send it.
    if not outbox.claim(OutboundEmail, email_id):
        return "skipped"
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.text, to=[email.to], headers=email.headers or None)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded and the row tried again later
        return outbox.record_failure(OutboundEmail, email_id, f"{exc.__class__.__name__}: {exc}")
    outbox.record_sent(OutboundEmail, email_id)
    return "sent"


def retry_emails() -> dict[str, int]:
    """Settle stale "sending" rows, then enqueue every email whose (next) attempt is due."""
    out = outbox.recover_stale(OutboundEmail)
    ids = outbox.due(OutboundEmail)
    for pk in ids:
        send_outbound_email.enqueue(pk)
    out["enqueued"] = len(ids)
    return out
