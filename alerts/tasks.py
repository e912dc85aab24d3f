"""Background tasks of alerts (thin: take ids, re-check state, call the delivery engine)."""

from django.utils import timezone
from django_tasks import task

from alerts import delivery
from alerts.channels import PermanentFailure, TemporaryFailure, sms_gateway
from alerts.models import SmsOutbox


@task()
def start_message(message_id: int) -> int:
    """Create a message's deliveries in batches and enqueue one send task per batch."""
    return delivery.fan_out(message_id)


@task()
def send_batch(message_id: int, channel: str, first_pk: int, last_pk: int) -> dict[str, int]:
    """Send one batch of a message's deliveries over one connection."""
    return delivery.send_batch(message_id, channel, first_pk, last_pk)


@task()
def dispatch_due() -> dict[str, int]:
    """Recover stale claims, start due scheduled messages and enqueue due deliveries."""
    out = delivery.recover_stale()
    out.update(delivery.dispatch_due())
    return out


@task()
def send_outbox_sms(sms_id: int) -> None:
    """Send one one-off text message (claimed so that two workers cannot both send it)."""
    if not SmsOutbox.objects.filter(pk=sms_id, status=SmsOutbox.Status.QUEUED).update(status=SmsOutbox.Status.SENDING):
        return
    sms = SmsOutbox.objects.get(pk=sms_id)
    try:
        ref = sms_gateway().send(to=sms.to, text=sms.text, reference=f"sms-{sms.pk}")
    except (PermanentFailure, TemporaryFailure) as exc:
        SmsOutbox.objects.filter(pk=sms_id).update(status=SmsOutbox.Status.FAILED, error=str(exc)[:300])
        return
    SmsOutbox.objects.filter(pk=sms_id).update(status=SmsOutbox.Status.SENT, reference=ref, sent_at=timezone.now())
