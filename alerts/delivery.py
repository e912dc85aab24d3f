"""Fan-out, recovery and dispatch: delivery rows created in batches, one send task per batch (the sending
itself, and the window-at-a-time bookkeeping its guarantee rests on, are in alerts/sending.py). This module
never enqueues a task itself: `alerts.tasks` passes in how to start a message and send a batch, so the tasks
depend on the engine and not the other way round.

Guarantee (see docs/alerts.md):
- a row is sent only by the batch holding its claim token (queued → sending is one UPDATE);
- `attempt_at` is committed for a window of rows before any of them is sent, `sent` with the next window;
- a stale `sending` row without `attempt_at` was never tried: it goes back to `queued` (no loss);
- a stale row with `attempt_at` may or may not have reached the server: it becomes `unknown`.
  A provider event carrying its Message-ID settles it as delivered; otherwise it is held (at most once,
  ALERTS_UNKNOWN_POLICY="hold", the default) or re-queued after ALERTS_UNKNOWN_CHECK_SECONDS
  (ALERTS_UNKNOWN_POLICY="resend": at least once, exactly once when the provider reports deliveries).
"""

import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from alerts import audiences, queries
from alerts.models import Channel, Delivery, Message, Suppression

log = logging.getLogger(__name__)

# How a batch is sent (message id, channel, first and last delivery pk) and how a message is started (its id):
# `alerts.tasks` gives its tasks' `enqueue`.
SendBatch = Callable[[int, str, int, int], object]
StartMessage = Callable[[int], object]


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def batch_size() -> int:
    return int(_setting("ALERTS_BATCH_SIZE", 500))


def mail_domain() -> str:
    return str(_setting("ALERTS_MESSAGE_ID_DOMAIN", "alerts.engagehub.invalid"))


def idempotency_key(message_id: int, subscriber_id: int | str, channel: str) -> str:
    return f"alert-{message_id}-{subscriber_id}-{channel}@{mail_domain()}"


# ---------------------------------------------------------------- quiet hours


def not_before_for(sub: dict[str, Any], message: Message, now: datetime) -> datetime | None:
    """When a routine or important message may reach this person; None for now (urgent: always now)."""
    start, end = sub.get("quiet_start"), sub.get("quiet_end")
    if message.priority == Message.Priority.URGENT or start is None or end is None or start == end:
        return None
    local = timezone.localtime(now)
    t = local.time()
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() if t < end else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, end), timezone.get_current_timezone())


# ---------------------------------------------------------------- fan-out


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _keyset_chunks(audience: Any, size: int, fields: list[str]) -> Iterator[list[dict[str, Any]]]:
    """The audience's subscribers (the given fields), `size` at a time in id order: one query per chunk, so memory
    stays flat however many subscribers there are."""
    last = 0
    while True:
        chunk = list(audience.filter(pk__gt=last).order_by("pk").values(*fields)[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]


def fan_out(message_id: int, *, send_batch: SendBatch) -> int:
    """Create the message's delivery rows batch by batch and hand each batch to `send_batch`. Idempotent.
    The caller then wakes the dispatcher for rows waiting out quiet hours (`first_wait`)."""
    message = Message.objects.filter(pk=message_id, status=Message.Status.SENDING).first()
    if message is None:
        return 0
    now = timezone.now()
    size = batch_size()
    audience = queries.audience_for(message)
    fields = ["pk", "email", "phone", "wants_email", "wants_sms", "email_confirmed_at", "phone_confirmed_at",
              "quiet_start", "quiet_end"]  # fmt: skip
    created = 0
    for subs in _keyset_chunks(audience, size, fields):
        rows: list[tuple[int | None, str, str, datetime | None]] = []
        for s in subs:
            nb = not_before_for(s, message, now)
            if s["wants_email"] and s["email"] and s["email_confirmed_at"]:
                rows.append((s["pk"], Channel.EMAIL, s["email"], nb))
            if s["wants_sms"] and s["phone"] and s["phone_confirmed_at"]:
                rows.append((s["pk"], Channel.SMS, s["phone"], nb))
        created += _create_and_enqueue(message, rows, send_batch)
        Message.objects.filter(pk=message.pk).update(fan_out_seen_at=timezone.now())
    contacts = audiences.contacts_for(message)
    if contacts:
        rows = []
        for c in contacts:
            if c["email"]:
                rows.append((None, Channel.EMAIL, c["email"], None))
            elif c["phone"]:
                rows.append((None, Channel.SMS, c["phone"], None))
        for chunk_rows in _chunks(rows, size):  # type: ignore[arg-type]
            created += _create_and_enqueue(message, chunk_rows, send_batch)  # type: ignore[arg-type]
    Message.objects.filter(pk=message.pk).update(reach=message.deliveries.count(), fanned_out_at=timezone.now())
    maybe_finish(message.pk)
    return created


def _create_and_enqueue(
    message: Message, rows: list[tuple[int | None, str, str, datetime | None]], send_batch: SendBatch
) -> int:
    if not rows:
        return 0
    suppressed = set(
        Suppression.objects.filter(address__in=[r[2].lower() for r in rows] + [r[2] for r in rows]).values_list(
            "address", flat=True
        )
    )
    objs = []
    for sub_id, channel, address, nb in rows:
        key_part: int | str = sub_id if sub_id is not None else "g" + uuid.uuid5(uuid.NAMESPACE_OID, address).hex
        blocked = (address.lower() if channel == Channel.EMAIL else address) in suppressed
        objs.append(
            Delivery(
                message=message,
                subscriber_id=sub_id,
                channel=channel,
                address=address,
                not_before=nb,
                status=Delivery.Status.SUPPRESSED if blocked else Delivery.Status.QUEUED,
                idempotency_key=idempotency_key(message.pk, key_part, channel),
            )
        )
    with transaction.atomic():
        Delivery.objects.bulk_create(objs, ignore_conflicts=True)
    keys = [o.idempotency_key for o in objs]
    now = timezone.now()
    for channel in (Channel.EMAIL, Channel.SMS):
        span = Delivery.objects.filter(
            message=message, channel=channel, idempotency_key__in=keys, status=Delivery.Status.QUEUED
        ).filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        bounds = span.aggregate(lo=Min("pk"), hi=Max("pk"))
        if bounds["lo"] is not None:
            send_batch(message.pk, channel, bounds["lo"], bounds["hi"])
    return len(objs)


def first_wait(message_id: int) -> datetime | None:
    """When the first of the message's deliveries that wait (quiet hours, a retry) comes due, if any does."""
    first: datetime | None = (
        Delivery.objects.filter(message_id=message_id, status=Delivery.Status.QUEUED, not_before__gt=timezone.now())
        .aggregate(t=Min("not_before"))
        .get("t")
    )
    return first


def maybe_finish(message_id: int) -> None:
    open_states = [Delivery.Status.QUEUED, Delivery.Status.SENDING]
    if not Delivery.objects.filter(message_id=message_id, status__in=open_states).exists():
        Message.objects.filter(pk=message_id, status=Message.Status.SENDING, fanned_out_at__isnull=False).update(
            status=Message.Status.SENT, sent_at=timezone.now()
        )


# ---------------------------------------------------------------- recovery and dispatch


def recover_stale(*, older_than: float | None = None) -> dict[str, int]:
    """Settle rows left `sending` by a dead worker: never tried → queued; tried → unknown."""
    seconds = float(older_than if older_than is not None else _setting("ALERTS_CLAIM_TIMEOUT_SECONDS", 600))
    cutoff = timezone.now() - timedelta(seconds=seconds)
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lte=cutoff)
    requeued = stale.filter(attempt_at__isnull=True).update(
        status=Delivery.Status.QUEUED, claim_token="", claimed_at=None
    )
    unknown = stale.filter(attempt_at__isnull=False).update(status=Delivery.Status.UNKNOWN)
    resent = 0
    if _setting("ALERTS_UNKNOWN_POLICY", "hold") == "resend":
        check = timezone.now() - timedelta(seconds=float(_setting("ALERTS_UNKNOWN_CHECK_SECONDS", 3600)))
        resent = resend_unknown(attempted_before=check)
    return {"requeued": requeued, "unknown": unknown, "resent": resent}


def resend_unknown(*, attempted_before: datetime | None = None, message_id: int | None = None) -> int:
    """Queue `unknown` rows again (staff decision or the resend policy): no provider said they arrived."""
    qs = Delivery.objects.filter(status=Delivery.Status.UNKNOWN)
    if attempted_before is not None:
        qs = qs.filter(attempt_at__lte=attempted_before)
    if message_id is not None:
        qs = qs.filter(message_id=message_id)
    message_ids = set(qs.values_list("message_id", flat=True))
    n = qs.update(status=Delivery.Status.QUEUED, claim_token="", claimed_at=None, attempt_at=None)
    if n:
        Message.objects.filter(pk__in=message_ids, status=Message.Status.SENT).update(status=Message.Status.SENDING)
    return n


def dispatch_due(*, start_message: StartMessage, send_batch: SendBatch) -> dict[str, int]:
    """Start scheduled messages that are due, re-run unfinished fan-outs and hand due queued rows to `send_batch`."""
    now = timezone.now()
    started = 0
    for pk in Message.objects.filter(status=Message.Status.SCHEDULED, scheduled_for__lte=now).values_list(
        "pk", flat=True
    ):
        if Message.objects.filter(pk=pk, status=Message.Status.SCHEDULED).update(
            status=Message.Status.SENDING, started_at=now
        ):
            start_message(pk)
            started += 1
    stale = now - timedelta(seconds=float(_setting("ALERTS_CLAIM_TIMEOUT_SECONDS", 600)))
    # A fan-out is re-run when it has written nothing for the claim timeout: one still writing batches (a long
    # one, to hundreds of thousands) is left to finish rather than started again beside itself.
    unfinished = Message.objects.filter(status=Message.Status.SENDING, fanned_out_at__isnull=True)
    for pk in unfinished.filter(
        Q(fan_out_seen_at__lte=stale) | Q(fan_out_seen_at__isnull=True, started_at__lte=stale)
    ).values_list("pk", flat=True):
        start_message(pk)
    batches = 0
    due = Delivery.objects.filter(status=Delivery.Status.QUEUED).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    )
    size = batch_size()
    for message_id, channel in due.values_list("message_id", "channel").distinct():
        ids = list(due.filter(message_id=message_id, channel=channel).order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(ids, size):
            send_batch(message_id, channel, chunk[0], chunk[-1])
            batches += 1
    for pk in Message.objects.filter(status=Message.Status.SENDING).values_list("pk", flat=True):
        maybe_finish(pk)
    return {"started": started, "batches": batches}
