"""Background tasks of alerts (thin: take ids, re-check state, call the delivery engine). The engine
(`alerts.delivery`, `alerts.sending`) never enqueues a task: these tasks hand it their own `enqueue`."""

from datetime import datetime

from django_tasks import default_task_backend, task

from alerts import delivery, sending
from notifications.tasks import retry_sms


@task()
def start_message(message_id: int) -> int:
    """Create a message's deliveries in batches and enqueue one send task per batch."""
    created = delivery.fan_out(message_id, send_batch=send_batch.enqueue)
    wake_for(message_id)
    return created


@task()
def send_batch(message_id: int, channel: str, first_pk: int, last_pk: int) -> dict[str, int]:
    """Send one batch of a message's deliveries over one connection."""
    result = sending.send_batch(message_id, channel, first_pk, last_pk)
    if result["failed"]:
        wake_for(message_id)
    return result


@task()
def dispatch_due() -> dict[str, int]:
    """Recover stale claims, start due scheduled messages and enqueue due deliveries."""
    return dispatch()


def dispatch(*, stale_after: float | None = None, resend_unknown: bool = False) -> dict[str, int]:
    """What `dispatch_due` does (and the `alerts_dispatch` command): settle stale claims, optionally queue every
    delivery whose outcome is unknown again, start due messages, enqueue due rows and retry the SMS outbox."""
    out = delivery.recover_stale(older_than=stale_after)
    if resend_unknown:
        out["resent"] = out.get("resent", 0) + delivery.resend_unknown()
    out.update(delivery.dispatch_due(start_message=start_message.enqueue, send_batch=send_batch.enqueue))
    out.update(retry_sms())
    return out


def wake_at(at: datetime) -> None:
    """Ask the task backend to dispatch at `at` when it can defer tasks; `alerts_dispatch` (cron) covers the rest."""
    if default_task_backend.supports_defer:
        dispatch_due.using(run_after=at).enqueue()


def wake_for(message_id: int) -> None:
    """Wake the dispatcher when the message's first waiting delivery (quiet hours, a retry) comes due."""
    first = delivery.first_wait(message_id)
    if first is not None:
        wake_at(first)
