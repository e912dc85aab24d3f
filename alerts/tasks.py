"""Background tasks of alerts (thin: take ids, re-check state, call the delivery engine)."""

from django_tasks import task

from alerts import delivery, sending
from alerts.channels import PermanentFailure, TemporaryFailure, sms_gateway
from alerts.models import SmsOutbox
from core import outbox


@task()
def start_message(message_id: int) -> int:
    """Create a message's deliveries in batches and enqueue one send task per batch."""
    return delivery.fan_out(message_id)


@task()
def send_batch(message_id: int, channel: str, first_pk: int, last_pk: int) -> dict[str, int]:
    """Send one batch of a message's deliveries over one connection."""
    return sending.send_batch(message_id, channel, first_pk, last_pk)


@task()
def dispatch_due() -> dict[str, int]:
    """Recover stale claims, start due scheduled messages and enqueue due deliveries."""
    out = delivery.recover_stale()
    out.update(delivery.dispatch_due())
    out.update(retry_sms())
    return out


@task()
def send_outbox_sms(sms_id: int) -> str:
    """One attempt at one one-off text message (claimed so that two workers cannot both send it); a temporary
    failure is tried again after its backoff, a permanent one fails at once (core.outbox)."""
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


def retry_sms() -> dict[str, int]:
    """Settle stale "sending" text messages, then enqueue every one whose (next) attempt is due."""
    out = outbox.recover_stale(SmsOutbox)
    ids = outbox.due(SmsOutbox)
    for pk in ids:
        send_outbox_sms.enqueue(pk)
    return {"sms_requeued": out["requeued"], "sms_unknown": out["unknown"], "sms_enqueued": len(ids)}
