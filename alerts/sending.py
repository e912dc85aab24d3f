"""Sending one batch of a message's deliveries over one connection, with the bookkeeping done a window at a time.

The guarantee (docs/alerts.md, "The guarantee"): a batch claims its rows (queued → sending, one UPDATE), then
for each window of `ALERTS_ATTEMPT_WINDOW` rows it commits once, recording the previous window's sent rows as
`sent` and this window's rows as attempted (`attempt_at`), before it hands any of them to the server. So if the
worker dies, at most one window per worker is in doubt: those rows are attempted but not recorded as sent, and
recovery makes them `unknown` (never sent again by themselves under the default "hold" policy). Rows never
attempted go back to `queued`. A reply lost after the message was handed over (`AmbiguousFailure`) is `unknown`
at once.
"""

import contextlib
import smtplib
import time
import uuid
from collections.abc import Iterable
from datetime import timedelta
from email.utils import formatdate
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from alerts import emails, faults, services
from alerts.delivery import maybe_finish
from alerts.models import Channel, Delivery, Message, Subscriber, Suppression
from languages import choices
from notifications.channels import AmbiguousFailure, PermanentFailure, TemporaryFailure, sms_gateway, smtp

DJANGO_SMTP = "django.core.mail.backends.smtp.EmailBackend"
TRACKING_SMTP = "notifications.channels.smtp.EmailBackend"


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def attempt_window() -> int:
    return max(1, int(_setting("ALERTS_ATTEMPT_WINDOW", 50)))


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


class EmailSender:
    """One SMTP (or other backend) connection for the whole batch, reopened only if it drops. Over SMTP each
    version of the message is rendered once per batch and each recipient's own parts are put into its bytes
    (`emails.Prerendered`); an address that is not plain ASCII gets a message built for it as before."""

    def __init__(self) -> None:
        # Django's SMTP backend, told apart from "no reply after the message was handed over" (AmbiguousFailure).
        backend = TRACKING_SMTP if settings.EMAIL_BACKEND == DJANGO_SMTP else None
        self.connection = get_connection(backend, fail_silently=False)
        self.smtp = self.connection if isinstance(self.connection, smtp.EmailBackend) else None
        self.boundary = emails.new_boundary()
        self.templates: dict[tuple[int, str | None, bool], tuple[Message, emails.Prerendered | None]] = {}
        self.second, self.date = -1, ""

    def __enter__(self) -> "EmailSender":
        self.connection.open()
        return self

    def __exit__(self, *exc: Any) -> None:
        with contextlib.suppress(Exception):  # closing a broken connection
            self.connection.close()

    def send(self, message: Message, row: Any, token: str | None) -> str:
        who = emails.personal(row, token, self._date())
        try:
            template = self._template(message, bool(token)) if self.smtp and emails.plain(who) else None
            if self.smtp is None or template is None:
                email = emails.build_email(message, who, self.boundary)
                email.connection = self.connection
                email.send()
            else:
                self.smtp.open()  # does nothing while open; opens again after an error closed it
                if self.smtp.connection is None:
                    raise smtplib.SMTPServerDisconnected("not connected")
                self.smtp.connection.sendmail(template.from_email, [who.address], template.render(who))
        except AmbiguousFailure:
            self._reset()
            raise
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
        return who.key

    def _date(self) -> str:
        """The Date header, formatted once a second."""
        now = time.time()
        if int(now) != self.second:
            self.second, self.date = int(now), formatdate(now, localtime=settings.EMAIL_USE_LOCALTIME)
        return self.date

    def _template(self, message: Message, footer: bool) -> emails.Prerendered | None:
        """The message rendered once for this batch, in the language active now, with or without the footer."""
        key = (id(message), translation.get_language(), footer)
        held = self.templates.get(key)
        if held is None or held[0] is not message:
            held = (message, emails.Prerendered.make(message, footer=footer, boundary=self.boundary))
            self.templates[key] = held
        return held[1]

    def _reset(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


class SmsSender:
    """Texts through the configured gateway. The gateway sends the row's idempotency key with each text, so a
    provider that honours it never delivers a retried text twice (notifications/channels/httpgateway.py)."""

    def __init__(self) -> None:
        self.gateway = sms_gateway()

    def __enter__(self) -> "SmsSender":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def send(self, message: Message, row: Any, token: str | None) -> str:
        text = message.short_text
        if token:
            text += " Reply STOP to stop."
            if len(text) > 300:
                text = text[:300]
        return self.gateway.send(to=row.address, text=text, reference=row.idempotency_key)


class Ledger:
    """The batch's bookkeeping: one commit per window records what was sent and what is about to be."""

    def __init__(self, token: str) -> None:
        self.mine = Delivery.objects.filter(claim_token=token)
        self.sent: list[int] = []

    def commit_window(self, attempting: Iterable[int] = (), suppressed: Iterable[int] = ()) -> set[int]:
        """Record the rows sent so far as `sent`, `suppressed` as suppressed, and `attempting` as attempted, in
        one commit; return the rows of `attempting` still ours to send (recovery may have taken some)."""
        attempting, suppressed = list(attempting), list(suppressed)
        now = timezone.now()
        ours: set[int] = set()
        with transaction.atomic():
            if self.sent:
                # A provider report may already have said "delivered": keep that.
                self.mine.filter(
                    pk__in=self.sent, status__in=[Delivery.Status.SENDING, Delivery.Status.UNKNOWN]
                ).update(status=Delivery.Status.SENT, sent_at=now)
            if suppressed:
                self.mine.filter(pk__in=suppressed).update(status=Delivery.Status.SUPPRESSED)
            if attempting:
                self.mine.filter(pk__in=attempting, status=Delivery.Status.SENDING).update(attempt_at=now)
                ours = set(
                    self.mine.filter(pk__in=attempting, status=Delivery.Status.SENDING, attempt_at=now).values_list(
                        "pk", flat=True
                    )
                )
            faults.reached("during_record")
        self.sent.clear()
        return ours


def _claim(message_id: int, channel: str, first_pk: int, last_pk: int, token: str) -> int:
    now = timezone.now()
    return (
        Delivery.objects.filter(
            message_id=message_id, channel=channel, pk__gte=first_pk, pk__lte=last_pk, status=Delivery.Status.QUEUED
        )
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(status=Delivery.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
    )


def send_batch(message_id: int, channel: str, first_pk: int, last_pk: int) -> dict[str, int]:
    """Claim the batch's queued, due rows and send each one over a single connection. Rows that failed for now are
    queued again with a later `not_before` (the caller wakes the dispatcher for them: `delivery.first_wait`)."""
    token = uuid.uuid4().hex
    claimed = _claim(message_id, channel, first_pk, last_pk, token)
    result = {"claimed": claimed, "sent": 0, "failed": 0, "bounced": 0, "suppressed": 0, "skipped": 0, "unknown": 0}
    if not claimed:
        maybe_finish(message_id)
        return result
    message = Message.objects.select_related("team").get(pk=message_id)
    rows = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
        .only("pk", "address", "idempotency_key", "subscriber_id", "attempts", "channel")
        .order_by("pk")
    )
    people: dict[int, tuple[str | None, str]] = {
        pk: (sub_token, language)
        for pk, sub_token, language in Subscriber.objects.filter(
            pk__in=[r.subscriber_id for r in rows if r.subscriber_id]
        ).values_list("pk", "token", "language")
    }
    versions: dict[str, Message] = {}
    addresses = [r.address for r in rows] + [r.address.lower() for r in rows]
    blocked = set(Suppression.objects.filter(channel=channel, address__in=addresses).values_list("address", flat=True))
    limiter = RateLimiter(
        float(_setting(f"ALERTS_{channel.upper()}_PER_SECOND", 0 if channel == Channel.EMAIL else 10))
    )
    max_attempts = int(_setting("ALERTS_MAX_ATTEMPTS", 5))
    ledger = Ledger(token)
    mine = ledger.mine
    window = attempt_window()

    sender: EmailSender | SmsSender = EmailSender() if channel == Channel.EMAIL else SmsSender()
    try:
        with sender:
            for start in range(0, len(rows), window):
                chunk = rows[start : start + window]
                quiet = [r.pk for r in chunk if not r.address or _key(r, channel) in blocked]
                result["suppressed"] += len(quiet)
                # Record "about to send" first: if we die after this, recovery knows the outcome is unknown.
                ours = ledger.commit_window(attempting=[r.pk for r in chunk if r.pk not in quiet], suppressed=quiet)
                faults.reached("before_send")
                for row in chunk:
                    if row.pk in quiet:
                        continue
                    if row.pk not in ours:
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
                        _bounced(mine, row, channel, exc)
                        result["bounced"] += 1
                        continue
                    except TemporaryFailure as exc:
                        _try_later(mine, row, token, final=row.attempts >= max_attempts, exc=exc)
                        result["failed"] += 1
                        continue
                    except AmbiguousFailure as exc:
                        mine.filter(pk=row.pk).update(status=Delivery.Status.UNKNOWN, error=str(exc)[:300])
                        result["unknown"] += 1
                        continue
                    faults.reached("after_accept")
                    ledger.sent.append(row.pk)
                    result["sent"] += 1
    finally:
        ledger.commit_window()
    maybe_finish(message_id)
    return result


def _key(row: Any, channel: str) -> str:
    return str(row.address.lower() if channel == Channel.EMAIL else row.address)


def _bounced(mine: Any, row: Any, channel: str, exc: Exception) -> None:
    mine.filter(pk=row.pk).update(status=Delivery.Status.BOUNCED, error=str(exc)[:300])
    services.suppress(channel=channel, address=row.address, reason=Suppression.Reason.BOUNCE, detail=str(exc))


def _try_later(mine: Any, row: Any, token: str, *, final: bool, exc: Exception) -> None:
    """The server refused or we never got through: not delivered, so it is safe to try again."""
    mine.filter(pk=row.pk).update(
        status=Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
        claim_token="" if not final else token,
        attempt_at=None,
        not_before=None if final else timezone.now() + timedelta(seconds=30 * row.attempts),
        error=str(exc)[:300],
    )
