"""Background tasks of the outboxes (thin: claim by id, send once, record the outcome; `notifications.outbox`)."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from notifications import outbox
from notifications.channels import PermanentFailure, TemporaryFailure, sms_gateway
from notifications.models import OutboundEmail, SmsOutbox


@task()
def send_outbound_email(email_id: int) -> str:
    """One attempt at one email; a failure is queued again after its backoff (notifications.outbox)."""
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


@task()
def send_outbox_sms(sms_id: int) -> str:
    """One attempt at one one-off text message (claimed so that two workers cannot both send it); a temporary
    failure is tried again after its backoff, a permanent one fails at once (notifications.outbox)."""
    if not outbox.claim(SmsOutbox, sms_id):
        return "skipped"
    sms = SmsOutbox.objects.get(pk=sms_id)
    try:
        ref = sms_gateway().send(to=sms.to, text=sms.text, reference=f"sms-{sms.pk}")
    except PermanentFailure as exc:
        return outbox.record_failure(SmsOutbox, sms_id, str(exc), permanent=True)
    except TemporaryFailure as exc:
        return outbox.record_failure(SmsOutbox, sms_id, str(exc))
    outbox.record_sent(SmsOutbox, sms_id, reference=ref)
    return "sent"


def retry_emails() -> dict[str, int]:
    """Settle stale "sending" rows, then enqueue every email whose (next) attempt is due."""
    out = outbox.recover_stale(OutboundEmail)
    ids = outbox.due(OutboundEmail)
    for pk in ids:
        send_outbound_email.enqueue(pk)
    out["enqueued"] = len(ids)
    return out


def retry_sms() -> dict[str, int]:
    """Settle stale "sending" text messages, then enqueue every one whose (next) attempt is due."""
    out = outbox.recover_stale(SmsOutbox)
    ids = outbox.due(SmsOutbox)
    for pk in ids:
        send_outbox_sms.enqueue(pk)
    return {"sms_requeued": out["requeued"], "sms_unknown": out["unknown"], "sms_enqueued": len(ids)}
