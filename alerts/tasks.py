"""Background tasks of alerts (thin: take ids, re-check state, call the delivery engine)."""

from django_tasks import task

from alerts import delivery, sending
from notifications.tasks import retry_sms


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
