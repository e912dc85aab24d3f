"""Fan-out and sending: delivery rows created in batches, batches claimed with a conditional UPDATE.

Guarantee (see docs/alerts.md):
- a row is sent only by the batch holding its claim token (queued → sending is one UPDATE);
- `attempt_at` is written just before each send, `sent` right after it;
- a stale `sending` row without `attempt_at` was never tried: it goes back to `queued` (no loss);
- a stale row with `attempt_at` may or may not have reached the server: it becomes `unknown`.
  A provider event carrying its Message-ID settles it as delivered; otherwise it is held (at most once,
  ALERTS_UNKNOWN_POLICY="hold", the default) or re-queued after ALERTS_UNKNOWN_CHECK_SECONDS
  (ALERTS_UNKNOWN_POLICY="resend": at least once, exactly once when the provider reports deliveries).
"""

import contextlib
import html
import logging
import smtplib
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, F, Max, Min, Q, Value, When
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from alerts.channels import PermanentFailure, TemporaryFailure, sms_gateway
from alerts.models import Channel, Delivery, Message, Subscriber, Suppression
from languages import choices

log = logging.getLogger(__name__)


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


def fan_out(message_id: int) -> int:
    """Create the message's delivery rows batch by batch and enqueue a send task per batch. Idempotent."""
    from alerts import audiences, queries
    from alerts.tasks import send_batch

    message = Message.objects.filter(pk=message_id, status=Message.Status.SENDING).first()
    if message is None:
        return 0
    now = timezone.now()
    size = batch_size()
    ids = list(queries.audience_for(message).order_by("pk").values_list("pk", flat=True))
    fields = ["pk", "email", "phone", "wants_email", "wants_sms", "email_confirmed_at", "phone_confirmed_at",
              "quiet_start", "quiet_end"]  # fmt: skip
    created = 0
    for chunk in _chunks(ids, size):
        subs = list(Subscriber.objects.filter(pk__in=chunk).values(*fields))
        rows: list[tuple[int | None, str, str, datetime | None]] = []
        for s in subs:
            nb = not_before_for(s, message, now)
            if s["wants_email"] and s["email"] and s["email_confirmed_at"]:
                rows.append((s["pk"], Channel.EMAIL, s["email"], nb))
            if s["wants_sms"] and s["phone"] and s["phone_confirmed_at"]:
                rows.append((s["pk"], Channel.SMS, s["phone"], nb))
        created += _create_and_enqueue(message, rows, send_batch)
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
    schedule_wakeup(message.pk)
    maybe_finish(message.pk)
    return created


def _create_and_enqueue(message: Message, rows: list[tuple[int | None, str, str, datetime | None]], task: Any) -> int:
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
            task.enqueue(message.pk, channel, bounds["lo"], bounds["hi"])
    return len(objs)


def schedule_wakeup(message_id: int) -> None:
    """If some deliveries wait for quiet hours to end, ask the task backend to dispatch them then."""
    from django_tasks import default_task_backend

    from alerts.tasks import dispatch_due

    first = (
        Delivery.objects.filter(message_id=message_id, status=Delivery.Status.QUEUED, not_before__gt=timezone.now())
        .aggregate(t=Min("not_before"))
        .get("t")
    )
    if first is not None and default_task_backend.supports_defer:
        dispatch_due.using(run_after=first).enqueue()


def maybe_finish(message_id: int) -> None:
    open_states = [Delivery.Status.QUEUED, Delivery.Status.SENDING]
    if not Delivery.objects.filter(message_id=message_id, status__in=open_states).exists():
        Message.objects.filter(pk=message_id, status=Message.Status.SENDING, fanned_out_at__isnull=False).update(
            status=Message.Status.SENT, sent_at=timezone.now()
        )


# ---------------------------------------------------------------- sending


class RateLimiter:
    """At most `per_second` sends per second in this worker process (0 = no limit)."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second if per_second and per_second > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def paragraphs_html(text: str) -> SafeString:
    """The message as HTML paragraphs (a blank line between paragraphs), as the email shows it."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    # Safe: every part is escaped before the paragraph and line-break tags are added.
    return mark_safe("".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in parts))


def build_email(message: Message, delivery: Any, subscriber_token: str | None) -> EmailMultiAlternatives:
    from alerts import services

    headers = {"Message-ID": f"<{delivery.idempotency_key}>", "Precedence": "bulk", "Auto-Submitted": "auto-generated"}
    footer_text = ""
    footer_html = ""
    sub = Subscriber(token=subscriber_token) if subscriber_token else None
    if sub is not None:
        manage = services.manage_url(sub)
        unsub = services.unsubscribe_url(sub, Channel.EMAIL)
        reply = settings.SITE_URL + f"/alerts/m/{message.pk}/{services.manage_token(sub)}/"
        headers["List-Unsubscribe"] = f"<{unsub}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        say, change = (
            gettext("Reply to this message or say if it was useful"),
            gettext("Change your alerts or stop them"),
        )
        footer_text = f"\n\n---\n{say}: {reply}\n{change}: {manage}\n"
        footer_html = (
            f'<hr><p><a href="{html.escape(reply)}">{html.escape(say)}</a></p>'
            f'<p><a href="{html.escape(manage)}">{html.escape(change)}</a></p>'
        )
    team = f"\n\n{message.team}" if message.team_id else ""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.plain_text + team + footer_text,
        to=[delivery.address],
        headers=headers,
    )
    email.attach_alternative(paragraphs_html(message.body) + footer_html, "text/html")
    return email


class EmailSender:
    """One SMTP (or other backend) connection for the whole batch, reopened only if it drops."""

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)

    def __enter__(self) -> "EmailSender":
        self.connection.open()
        return self

    def __exit__(self, *exc: Any) -> None:
        with contextlib.suppress(Exception):  # closing a broken connection
            self.connection.close()

    def send(self, message: Message, row: Any, token: str | None) -> str:
        email = build_email(message, row, token)
        email.connection = self.connection
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            code = next(iter(exc.recipients.values()))[0] if exc.recipients else 550
            if code >= 500:
                raise PermanentFailure(f"{code} recipient refused") from exc
            raise TemporaryFailure(f"{code} recipient refused") from exc
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPSenderRefused):
                raise PermanentFailure(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
            self._reset()
            raise TemporaryFailure(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._reset()
            raise TemporaryFailure(str(exc)) from exc
        return row.idempotency_key

    def _reset(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


class SmsSender:
    def __init__(self) -> None:
        self.gateway = sms_gateway()

    def __enter__(self) -> "SmsSender":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def send(self, message: Message, row: Any, token: str | None) -> str:
        from alerts import services

        text = message.short_text
        if token:
            text += " Reply STOP to stop."
            if len(text) > 300:
                text = text[:300]
        _ = services  # the manage link is in emails; SMS stays short
        return self.gateway.send(to=row.address, text=text, reference=row.idempotency_key)


def send_batch(message_id: int, channel: str, first_pk: int, last_pk: int) -> dict[str, int]:
    """Claim the batch's queued, due rows and send each one over a single connection."""
    token = uuid.uuid4().hex
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(
            message_id=message_id,
            channel=channel,
            pk__gte=first_pk,
            pk__lte=last_pk,
            status=Delivery.Status.QUEUED,
        )
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(status=Delivery.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
    )
    result = {"claimed": claimed, "sent": 0, "failed": 0, "bounced": 0, "suppressed": 0, "skipped": 0}
    if not claimed:
        maybe_finish(message_id)
        return result
    message = Message.objects.select_related("team").get(pk=message_id)
    rows = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
        .select_related(None)
        .only("pk", "address", "idempotency_key", "subscriber_id", "attempts", "channel")
        .order_by("pk")
    )
    people: dict[int, tuple[str | None, str]] = {
        pk: (token, language)
        for pk, token, language in Subscriber.objects.filter(
            pk__in=[r.subscriber_id for r in rows if r.subscriber_id]
        ).values_list("pk", "token", "language")
    }
    versions: dict[str, Message] = {}
    addresses = [r.address for r in rows] + [r.address.lower() for r in rows]
    suppressed = set(
        Suppression.objects.filter(channel=channel, address__in=addresses).values_list("address", flat=True)
    )
    rate = float(_setting(f"ALERTS_{channel.upper()}_PER_SECOND", 0 if channel == Channel.EMAIL else 10))
    limiter = RateLimiter(rate)
    max_attempts = int(_setting("ALERTS_MAX_ATTEMPTS", 5))
    mine = Delivery.objects.filter(claim_token=token)
    sent_pending: list[int] = []  # the row just sent, marked `sent` in the same commit as the next attempt

    def flush_sent() -> None:
        if sent_pending:
            mine.filter(pk=sent_pending.pop()).exclude(status=Delivery.Status.DELIVERED).update(
                status=Delivery.Status.SENT, sent_at=timezone.now()
            )

    def record_attempt(pk: int) -> bool:
        """Mark `pk` as about to be sent (and the previous row as sent) in one commit; False if not ours."""
        now = timezone.now()
        if not sent_pending:
            return bool(mine.filter(pk=pk, status=Delivery.Status.SENDING).update(attempt_at=now))
        prev = sent_pending[0]
        n = mine.filter(Q(pk=prev) | Q(pk=pk, status=Delivery.Status.SENDING)).update(
            # A provider report may already have said "delivered": keep that.
            status=Case(
                When(pk=prev, status__in=[Delivery.Status.SENDING, Delivery.Status.UNKNOWN], then=Value("sent")),
                default=F("status"),
            ),
            sent_at=Case(When(pk=prev, then=Value(now)), default=F("sent_at")),
            attempt_at=Case(When(pk=pk, then=Value(now)), default=F("attempt_at")),
        )
        if n == 2:
            sent_pending.clear()
            return True
        flush_sent()  # unusual: one of the two rows was recovered meanwhile; settle each on its own
        return mine.filter(pk=pk, status=Delivery.Status.SENDING, attempt_at=now).exists() or bool(
            mine.filter(pk=pk, status=Delivery.Status.SENDING, attempt_at__isnull=True).update(attempt_at=now)
        )

    sender: EmailSender | SmsSender = EmailSender() if channel == Channel.EMAIL else SmsSender()
    try:
        with sender:
            for row in rows:
                key = row.address.lower() if channel == Channel.EMAIL else row.address
                if not row.address or key in suppressed:
                    mine.filter(pk=row.pk).update(status=Delivery.Status.SUPPRESSED)
                    result["suppressed"] += 1
                    continue
                # Record "about to send" first: if we die after this, recovery knows the outcome is unknown.
                if not record_attempt(row.pk):
                    result["skipped"] += 1  # recovered and handed to another batch meanwhile
                    continue
                limiter.wait()
                try:
                    sub_token, language = people.get(row.subscriber_id or 0, (None, "en"))
                    if language not in versions:
                        versions[language] = message.in_language(language)
                    # The links and words around the message in the language the message itself is sent in.
                    translated = versions[language] is not message
                    with translation.override(choices.site_language(language if translated else None)):
                        sender.send(versions[language], row, sub_token)
                except PermanentFailure as exc:
                    mine.filter(pk=row.pk).update(status=Delivery.Status.BOUNCED, error=str(exc)[:300])
                    from alerts.services import suppress

                    suppress(channel=channel, address=row.address, reason=Suppression.Reason.BOUNCE, detail=str(exc))
                    result["bounced"] += 1
                    continue
                except TemporaryFailure as exc:
                    # The server refused or we never got through: not delivered, so it is safe to try again.
                    final = row.attempts >= max_attempts
                    mine.filter(pk=row.pk).update(
                        status=Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
                        claim_token="" if not final else token,
                        attempt_at=None,
                        not_before=None if final else timezone.now() + timedelta(seconds=30 * row.attempts),
                        error=str(exc)[:300],
                    )
                    result["failed"] += 1
                    continue
                sent_pending.append(row.pk)
                result["sent"] += 1
    finally:
        flush_sent()
    if result["failed"]:
        schedule_wakeup(message_id)
    maybe_finish(message_id)
    return result


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


def dispatch_due() -> dict[str, int]:
    """Start scheduled messages that are due, re-run unfinished fan-outs and enqueue due queued rows."""
    from alerts.tasks import send_batch, start_message

    now = timezone.now()
    started = 0
    for pk in Message.objects.filter(status=Message.Status.SCHEDULED, scheduled_for__lte=now).values_list(
        "pk", flat=True
    ):
        if Message.objects.filter(pk=pk, status=Message.Status.SCHEDULED).update(
            status=Message.Status.SENDING, started_at=now
        ):
            start_message.enqueue(pk)
            started += 1
    stale = now - timedelta(seconds=float(_setting("ALERTS_CLAIM_TIMEOUT_SECONDS", 600)))
    for pk in Message.objects.filter(
        status=Message.Status.SENDING, fanned_out_at__isnull=True, started_at__lte=stale
    ).values_list("pk", flat=True):
        start_message.enqueue(pk)
    batches = 0
    due = Delivery.objects.filter(status=Delivery.Status.QUEUED).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    )
    size = batch_size()
    for message_id, channel in due.values_list("message_id", "channel").distinct():
        ids = list(due.filter(message_id=message_id, channel=channel).order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(ids, size):
            send_batch.enqueue(message_id, channel, chunk[0], chunk[-1])
            batches += 1
    for pk in Message.objects.filter(status=Message.Status.SENDING).values_list("pk", flat=True):
        maybe_finish(pk)
    return {"started": started, "batches": batches}
