"""The outbox rules every one-off message follows (email in `notifications.notify`, texts in `notifications.sms`):

- a task claims a queued row with a conditional UPDATE (`claim`), so two workers never both send it;
- a failed attempt is tried again after an exponential backoff (`record_failure`), up to OUTBOX_MAX_ATTEMPTS,
  after which the row is "failed" and shown to staff; a refusal the provider calls permanent fails at once;
- a row left "sending" longer than OUTBOX_SENDING_TIMEOUT_SECONDS (its worker was killed) is tried again, or
  marked "unknown" when that was its last attempt (`recover_stale`);
- the scheduler's `retry_outbox` job enqueues every queued row whose time has come (`due`), which also covers a
  task lost between the commit and the queue;
- staff may queue a failed or unknown row again (`resend`).

So a message is sent at least once unless it fails every attempt; it is sent twice only when a worker dies
after the provider accepted it and before the row says so (docs/scheduler.md).
"""

from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from notifications.models import OutboxRow

Row = TypeVar("Row", bound=OutboxRow)
Status = OutboxRow.Status


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: the base delay doubled each time, capped."""
    base = float(settings.OUTBOX_RETRY_BASE_SECONDS)
    cap = float(settings.OUTBOX_RETRY_MAX_SECONDS)
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def first_attempt_fallback(now: datetime) -> datetime:
    """When the retry job picks up a new row whose own task never ran (e.g. lost between commit and queue)."""
    return now + timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS)


def claim(model: type[OutboxRow], pk: int) -> bool:
    """Take a queued row for one attempt; False when another worker has it or its next attempt is not due."""
    now = timezone.now()
    return bool(
        model._default_manager.filter(pk=pk, status=Status.QUEUED)
        .filter(Q(attempts=0) | Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )


def record_sent(model: type[OutboxRow], pk: int, **fields: Any) -> None:
    model._default_manager.filter(pk=pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), error="", next_attempt_at=None, **fields
    )


def record_failure(model: type[OutboxRow], pk: int, error: str, *, permanent: bool = False) -> str:
    """Put a failed attempt back in the queue after its backoff, or give up; returns the new status."""
    row = model._default_manager.filter(pk=pk, status=Status.SENDING).first()
    if row is None:
        return ""
    give_up = permanent or row.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    status = Status.FAILED if give_up else Status.QUEUED
    model._default_manager.filter(pk=pk, status=Status.SENDING).update(
        status=status,
        error=error[:500],
        claimed_at=None,
        next_attempt_at=None if give_up else timezone.now() + backoff(row.attempts),
    )
    return str(status)


def recover_stale(model: type[OutboxRow], *, older_than: float | None = None) -> dict[str, int]:
    """Settle rows left "sending" by a worker that stopped: try again, or "unknown" after the last attempt."""
    seconds = settings.OUTBOX_SENDING_TIMEOUT_SECONDS if older_than is None else older_than
    now = timezone.now()
    stale = model._default_manager.filter(status=Status.SENDING, claimed_at__lte=now - timedelta(seconds=seconds))
    note = "The worker stopped during this attempt; whether the provider took the message is not known."
    unknown = stale.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=Status.UNKNOWN, error=note, claimed_at=None, next_attempt_at=None
    )
    requeued = stale.update(status=Status.QUEUED, error=note, claimed_at=None, next_attempt_at=now)
    return {"requeued": requeued, "unknown": unknown}


def due(model: type[Row], *, limit: int = 500) -> list[int]:
    """Queued rows whose next attempt is due, oldest first."""
    qs = model._default_manager.filter(status=Status.QUEUED, next_attempt_at__lte=timezone.now())
    return list(qs.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def resend(model: type[OutboxRow], pk: int) -> bool:
    """Queue a failed or unknown row again with a fresh set of attempts (a staff decision)."""
    return bool(
        model._default_manager.filter(pk=pk, status__in=[Status.FAILED, Status.UNKNOWN]).update(
            status=Status.QUEUED, attempts=0, claimed_at=None, next_attempt_at=first_attempt_fallback(timezone.now())
        )
    )


def given_up(model: type[Row]) -> Any:
    """Rows staff should look at: failed or unknown, newest first."""
    return model._default_manager.filter(status__in=[Status.FAILED, Status.UNKNOWN]).order_by("-created_at", "-pk")


def rules_in_words(noun: str) -> dict[str, object]:
    """What the staff outbox pages say about the retry rules."""
    wait = int(settings.OUTBOX_RETRY_MAX_SECONDS)
    hours = wait // 3600
    return {
        "noun": noun,
        "max_attempts": settings.OUTBOX_MAX_ATTEMPTS,
        "max_wait": f"{hours} hour{'s' if hours != 1 else ''}" if wait >= 3600 else f"{max(1, wait // 60)} minutes",
    }
