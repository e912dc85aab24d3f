"""Use cases of alerts: subscribe and confirm, manage and leave, write and send messages, replies, questions."""

import hashlib
import hmac
import secrets
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from alerts import audiences, permissions, queries
from alerts.models import (
    Channel,
    Consent,
    Delivery,
    Interest,
    Language,
    Message,
    Question,
    Rating,
    Reply,
    RoutingRule,
    Subscriber,
    Suppression,
    Topic,
    interests_mask,
)
from core import audit, retention
from core.errors import ServiceError
from core.personal import Identifiers, new_reference
from languages import choices
from notifications import notify, sms
from notifications.sms import normalise_mobile, send_sms
from organisations.models import Unit
from organisations.scope import Capability, units_for
from places.models import Borough, Ward
from places.services import find_postcode

CONSENT_WORDING = {
    Channel.EMAIL: (
        "I agree that the police service may send me alerts by email about the areas and topics I chose. "
        "I can change my choices or stop these emails at any time from the link in every email."
    ),
    Channel.SMS: (
        "I agree that the police service may send me alerts by text message to this mobile number about the "
        "areas and topics I chose. I can stop them at any time by replying STOP."
    ),
}
MANAGE_SALT = "alerts.manage"
CONFIRM_SALT = "alerts.confirm"
UNSUB_SALT = "alerts.unsubscribe"


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


# ---------------------------------------------------------------- links


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.token, salt=MANAGE_SALT)


def subscriber_from_manage_token(token: str) -> Subscriber | None:
    try:
        raw = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(token=raw).exclude(status=Subscriber.Status.LEFT).first()


def manage_url(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse("alerts:manage", args=[manage_token(subscriber)])


def unsubscribe_token(subscriber: Subscriber, channel: str) -> str:
    return signing.dumps([subscriber.token, channel], salt=UNSUB_SALT)


def unsubscribe_url(subscriber: Subscriber, channel: str = Channel.EMAIL) -> str:
    return settings.SITE_URL + reverse("alerts:one_click_unsubscribe", args=[unsubscribe_token(subscriber, channel)])


def confirm_url(subscriber: Subscriber) -> str:
    token = signing.dumps([subscriber.token, subscriber.email], salt=CONFIRM_SALT)
    return settings.SITE_URL + reverse("alerts:confirm_email", args=[token])


# ---------------------------------------------------------------- validation


def _check_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ServiceError(
            "Enter an email address in the correct format, like name@example.com", field="email"
        ) from exc
    return email


def _hash_code(subscriber: Subscriber, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{subscriber.token}:{code}".encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- subscribe


@transaction.atomic
def subscribe(
    *,
    email: str = "",
    phone: str = "",
    wants_email: bool = True,
    wants_sms: bool = False,
    postcode: str = "",
    wards: list[Ward] | None = None,
    boroughs: list[Borough] | None = None,
    london: bool = False,
    interests: list[str] | None = None,
    language: str = "en",
    quiet_start: time | None = None,
    quiet_end: time | None = None,
    name: str = "",
    source: str = "web",
) -> Subscriber:
    """Record a new subscription waiting for confirmation, and send the email link and/or SMS code."""
    wards = list(wards or [])
    boroughs = list(boroughs or [])
    if postcode.strip():
        match = find_postcode(postcode)
        if match.ward not in wards:
            wards.append(match.ward)
    if not (wards or boroughs or london):
        raise ServiceError(gettext("Enter your postcode or choose at least one area"), field="postcode")
    chosen = [i for i in (interests or []) if i in Interest.values]
    if not chosen:
        raise ServiceError(gettext("Choose at least one kind of alert"), field="interests")
    if not (wants_email or wants_sms):
        raise ServiceError(gettext("Choose email, text message or both"), field="channels")
    if wants_email:
        email = _check_email(email)
    if wants_sms:
        phone = normalise_mobile(phone)
    if wants_email and Suppression.objects.filter(channel=Channel.EMAIL, address__iexact=email).exists():
        raise ServiceError(
            "Emails to this address have bounced or were reported as spam, so we cannot send to it. "
            "Use another address or contact us.",
            field="email",
        )
    subscriber = Subscriber.objects.create(
        name=name[:100],
        email=email if wants_email else "",
        phone=phone if wants_sms else "",
        wants_email=wants_email,
        wants_sms=wants_sms,
        language=language,
        interests=interests_mask(chosen),
        london=london,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
    )
    subscriber.wards.set(wards)
    subscriber.boroughs.set(boroughs)
    now = timezone.now()
    for channel, wanted in ((Channel.EMAIL, wants_email), (Channel.SMS, wants_sms)):
        if wanted:
            Consent.objects.create(
                subscriber=subscriber, channel=channel, wording=CONSENT_WORDING[channel], given_at=now, source=source
            )
    audit.log(None, "alerts.subscribed", subscriber, changes={"channels": [wants_email, wants_sms]})
    with translation.override(choices.site_language(language)):  # in the language they subscribed in
        if wants_email:
            asked = gettext("You (or someone using this address) asked for police alerts for your area.")
            confirm = gettext("To start receiving them, confirm your email address:")
            ignore = gettext("If this was not you, ignore this email: nothing will be sent to you.")
            notify.send_email(
                to=email,
                subject=gettext("Confirm your alerts subscription"),
                text=f"{asked}\n\n{confirm}\n{confirm_url(subscriber)}\n\n{ignore}\n",
                reason="alerts.confirm",
            )
        if wants_sms:
            send_sms_code(subscriber)
    return subscriber


def send_sms_code(subscriber: Subscriber) -> None:
    code = f"{secrets.randbelow(1_000_000):06d}"
    Subscriber.objects.filter(pk=subscriber.pk).update(
        sms_code_hash=_hash_code(subscriber, code), sms_code_sent_at=timezone.now(), sms_code_attempts=0
    )
    with translation.override(choices.site_language(subscriber.language)):
        text = gettext("Your alerts confirmation code is %(code)s") % {"code": code}
    send_sms(
        to=subscriber.phone,
        text=text,
        reason="alerts.sms_code",
        requested=True,
    )


@transaction.atomic
def confirm_email(token: str) -> Subscriber:
    """Confirm the address from the signed link (valid for ALERTS_CONFIRM_DAYS days)."""
    max_age = timedelta(days=int(_setting("ALERTS_CONFIRM_DAYS", 7)))
    try:
        raw, email = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ServiceError(gettext("This link has expired. Subscribe again to get a new one."), code="expired") from exc
    except signing.BadSignature as exc:
        raise ServiceError(gettext("This link is not valid. Check you copied all of it."), code="bad_link") from exc
    subscriber = Subscriber.objects.select_for_update().filter(token=raw, email=email).first()
    if subscriber is None or subscriber.status == Subscriber.Status.LEFT:
        raise ServiceError(gettext("This subscription no longer exists. Subscribe again."), code="gone")
    now = timezone.now()
    if subscriber.email_confirmed_at is None:
        subscriber.email_confirmed_at = now
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.save(update_fields=["email_confirmed_at", "status", "updated_at"])
        subscriber.consents.filter(channel=Channel.EMAIL, confirmed_at__isnull=True).update(confirmed_at=now)
        audit.log(None, "alerts.email_confirmed", subscriber)
        _retire_older(subscriber, Channel.EMAIL)
    return subscriber


def _retire_older(subscriber: Subscriber, channel: str) -> None:
    """A newer confirmed subscription replaces an older one for the same address, so nobody gets two copies."""
    if channel == Channel.EMAIL:
        others = Subscriber.objects.filter(email__iexact=subscriber.email, wants_email=True)
    else:
        others = Subscriber.objects.filter(phone=subscriber.phone, wants_sms=True)
    for other in others.exclude(pk=subscriber.pk).exclude(status=Subscriber.Status.LEFT):
        unsubscribe(other, channel=channel, how="replaced by a newer subscription")


def confirm_sms(subscriber: Subscriber, code: str) -> Subscriber:
    """Check the 6-digit code (wrong attempts are counted and kept even though an error is raised)."""
    subscriber = Subscriber.objects.get(pk=subscriber.pk)
    if subscriber.phone_confirmed_at is not None:
        return subscriber
    code = (code or "").strip().replace(" ", "")
    ttl = timedelta(minutes=int(_setting("ALERTS_SMS_CODE_MINUTES", 30)))
    if not subscriber.sms_code_hash or not subscriber.sms_code_sent_at:
        raise ServiceError(gettext("Ask for a new code"), field="code")
    if subscriber.sms_code_attempts >= 5:
        raise ServiceError(gettext("Too many wrong codes. Ask for a new code."), field="code")
    if timezone.now() - subscriber.sms_code_sent_at > ttl:
        raise ServiceError(gettext("This code has expired. Ask for a new code."), field="code")
    if not hmac.compare_digest(subscriber.sms_code_hash, _hash_code(subscriber, code)):
        Subscriber.objects.filter(pk=subscriber.pk).update(sms_code_attempts=F("sms_code_attempts") + 1)
        raise ServiceError(gettext("The code is not right. Check the text message and try again."), field="code")
    now = timezone.now()
    with transaction.atomic():
        subscriber.phone_confirmed_at = now
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.sms_code_hash = ""
        subscriber.save(update_fields=["phone_confirmed_at", "status", "sms_code_hash", "updated_at"])
        subscriber.consents.filter(channel=Channel.SMS, confirmed_at__isnull=True).update(confirmed_at=now)
        audit.log(None, "alerts.sms_confirmed", subscriber)
        _retire_older(subscriber, Channel.SMS)
    return subscriber


@transaction.atomic
def update_preferences(
    subscriber: Subscriber,
    *,
    wards: list[Ward],
    boroughs: list[Borough],
    london: bool,
    interests: list[str],
    wants_email: bool,
    wants_sms: bool,
    language: str,
    quiet_start: time | None,
    quiet_end: time | None,
) -> Subscriber:
    if not (wards or boroughs or london):
        raise ServiceError(gettext("Choose at least one area"), field="wards")
    chosen = [i for i in interests if i in Interest.values]
    if not chosen:
        raise ServiceError(gettext("Choose at least one kind of alert"), field="interests")
    if not (wants_email and subscriber.email) and not (wants_sms and subscriber.phone):
        raise ServiceError(
            gettext("Choose a way to receive alerts, or use 'Stop all alerts' to leave"), field="wants_email"
        )
    before = audit.snapshot(subscriber, ["interests", "london", "wants_email", "wants_sms", "language"])
    subscriber.interests = interests_mask(chosen)
    subscriber.london = london
    subscriber.wants_email = wants_email and bool(subscriber.email)
    subscriber.wants_sms = wants_sms and bool(subscriber.phone)
    subscriber.language = language
    subscriber.quiet_start = quiet_start
    subscriber.quiet_end = quiet_end
    subscriber.save()
    subscriber.wards.set(wards)
    subscriber.boroughs.set(boroughs)
    after = audit.snapshot(subscriber, ["interests", "london", "wants_email", "wants_sms", "language"])
    audit.log(None, "alerts.preferences_changed", subscriber, changes=audit.diff(before, after))
    return subscriber


@transaction.atomic
def unsubscribe(subscriber: Subscriber, *, channel: str | None = None, how: str = "manage page") -> Subscriber:
    """Stop one channel, or everything. Idempotent. Consent is marked withdrawn."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    now = timezone.now()
    if channel == Channel.SMS:
        subscriber.wants_sms = False
    elif channel == Channel.EMAIL:
        subscriber.wants_email = False
    else:
        subscriber.wants_email = subscriber.wants_sms = False
    if not subscriber.wants_email and not subscriber.wants_sms and subscriber.status != Subscriber.Status.LEFT:
        subscriber.status = Subscriber.Status.LEFT
        subscriber.left_at = now
    subscriber.save()
    withdrawn = [channel] if channel else [Channel.EMAIL, Channel.SMS]
    subscriber.consents.filter(channel__in=withdrawn, withdrawn_at__isnull=True).update(withdrawn_at=now)
    # Anything still waiting for this person on those channels is not sent.
    Delivery.objects.filter(subscriber=subscriber, channel__in=withdrawn, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SUPPRESSED, error="unsubscribed"
    )
    audit.log(None, "alerts.unsubscribed", subscriber, changes={"channel": channel or "all"}, note=how)
    return subscriber


def unsubscribe_by_token(token: str) -> Subscriber | None:
    try:
        raw, channel = signing.loads(token, salt=UNSUB_SALT)
    except (signing.BadSignature, ValueError):
        return None
    subscriber = Subscriber.objects.filter(token=raw).first()
    if subscriber is None:
        return None
    return unsubscribe(subscriber, channel=channel, how="one-click")


@transaction.atomic
def erase_subscriber(subscriber: Subscriber, *, reference: str = "") -> int:
    """Delete the subscriber, their replies and the texts sent to their number; deliveries, ratings and
    consents stay as anonymous figures (no address, no link to anyone); audit entries about the subscription
    show an opaque reference instead of the address."""
    reference = reference or new_reference()
    n = Delivery.objects.filter(subscriber=subscriber).update(subscriber=None, address="")
    n += Reply.objects.filter(subscriber=subscriber).delete()[0]
    Rating.objects.filter(subscriber=subscriber).update(subscriber=None)
    subscriber.consents.update(subscriber=None)
    others = Subscriber.objects.exclude(pk=subscriber.pk)
    if subscriber.phone and not others.filter(phone=subscriber.phone).exists():
        n += sms.forget_texts([subscriber.phone])
        n += Suppression.objects.filter(channel=Channel.SMS, address=subscriber.phone).delete()[0]
    if subscriber.email and not others.filter(email__iexact=subscriber.email).exists():
        n += Suppression.objects.filter(channel=Channel.EMAIL, address__iexact=subscriber.email).delete()[0]
    audit.forget_object(subscriber, reference)
    audit.log(None, "alerts.subscriber_erased", None, changes={"records": n, "reference": reference})
    subscriber.delete()
    return 1 + n


@transaction.atomic
def forget_subscriber(subscriber: Subscriber) -> int:
    """The subscriber's own "delete my data" (manage page, API): the subscription as in `erase_subscriber`,
    and the emails sent to their address (queued ones are never sent)."""
    reference = new_reference()
    identifiers = Identifiers.of([("email", subscriber.email), ("phone", subscriber.phone), ("name", subscriber.name)])
    return erase_subscriber(subscriber, reference=reference) + notify.forget(identifiers, reference)


@transaction.atomic
def erase_questions(email: str) -> int:
    """Delete the questions a person asked through the contact form (and the answers given to them)."""
    count = Question.objects.filter(email__iexact=email).delete()[0]
    if count:
        audit.log(None, "alerts.questions_erased", None, changes={"questions": count})
    return count


def expire_subscribers(now: datetime) -> int:
    """Erase subscriptions ended, or never confirmed, longer ago than SUBSCRIBER_RETENTION_DAYS."""
    cutoff = retention.cutoff(now, "SUBSCRIBER_RETENTION_DAYS")
    old = Subscriber.objects.filter(
        Q(status=Subscriber.Status.LEFT, left_at__lt=cutoff)
        | Q(status=Subscriber.Status.PENDING, created_at__lt=cutoff)
    )
    return sum(erase_subscriber(s) for s in old)


def expire_questions(now: datetime) -> int:
    """Delete questions asked longer ago than QUESTION_RETENTION_DAYS."""
    return Question.objects.filter(created_at__lt=retention.cutoff(now, "QUESTION_RETENTION_DAYS")).delete()[0]


def export_for_email(email: str) -> list[dict[str, Any]]:
    """Every subscription under an email address, with what was sent to it and what came back."""
    out = []
    subscribers = Subscriber.objects.filter(email__iexact=email).prefetch_related("wards", "boroughs", "consents")
    for s in subscribers:
        out.append(
            {
                "name": s.name,
                "email": s.email,
                "phone": s.phone,
                "status": s.status,
                "interests": s.interest_list,
                "wards": [w.name for w in s.wards.all()],
                "boroughs": [b.name for b in s.boroughs.all()],
                "london": s.london,
                "language": s.language,
                "consents": [
                    {"channel": c.channel, "wording": c.wording, "given_at": c.given_at.isoformat()}
                    for c in s.consents.all()
                ],
                "messages_received": [
                    {"message": d.message.subject, "channel": d.channel, "address": d.address, "status": d.status}
                    for d in s.deliveries.select_related("message").order_by("pk")
                ],
                "replies": [
                    {"message": r.message.subject, "text": r.text, "at": r.created_at.isoformat()}
                    for r in s.replies.select_related("message").order_by("pk")
                ],
                "ratings": [
                    {"message": r.message.subject, "useful": r.useful} for r in s.ratings.select_related("message")
                ],
                "text_messages": sms.texts_to([s.phone]),
                "blocked_addresses": [
                    {"channel": x.channel, "address": x.address, "reason": x.reason}
                    for x in Suppression.objects.filter(address__in=[a for a in (s.email.lower(), s.phone) if a])
                ],
            }
        )
    return out


def export_questions(email: str) -> list[dict[str, Any]]:
    return [
        {
            "question": f"Q{q.pk}",
            "topic": q.get_topic_display(),
            "name": q.name,
            "email": q.email,
            "text": q.text,
            "asked_at": q.created_at.isoformat(),
            "answer": q.answer,
        }
        for q in Question.objects.filter(email__iexact=email).order_by("pk")
    ]


# ---------------------------------------------------------------- SMS


def is_stopped(number: str) -> bool:
    """A number that texted STOP (or is otherwise suppressed) is sent no more texts (`notifications.sms.refusals`)."""
    return Suppression.objects.filter(channel=Channel.SMS, address=number).exists()


@transaction.atomic
def receive_sms(*, sender: str, text: str) -> str:
    """An inbound text from the gateway: STOP (and its usual synonyms) ends SMS alerts for that number."""
    try:
        number = normalise_mobile(sender)
    except ServiceError:
        return "ignored"
    word = (text or "").strip().split(" ")[0].upper() if text else ""
    if word in {"STOP", "STOPALL", "UNSUBSCRIBE", "END", "CANCEL", "QUIT"}:
        Suppression.objects.get_or_create(
            channel=Channel.SMS, address=number, defaults={"reason": Suppression.Reason.STOP}
        )
        for s in Subscriber.objects.filter(phone=number):
            unsubscribe(s, channel=Channel.SMS, how="STOP by text")
        return "stopped"
    return "ignored"


# ---------------------------------------------------------------- bounces and provider events


@transaction.atomic
def record_event(*, event: str, address: str = "", message_id: str = "", detail: str = "") -> str:
    """A provider notification: delivered, opened, bounce (permanent), complaint.

    Found by Message-ID (the delivery's idempotency key) or by address. Bounces and complaints
    suppress the address and stop every active subscription using it.
    """
    key = message_id.strip().strip("<>")
    delivery = Delivery.objects.filter(idempotency_key=key).first() if key else None
    if delivery is not None and not address:
        address = delivery.address
    now = timezone.now()
    if event == "delivered":
        if delivery is None:
            return "unknown message"
        Delivery.objects.filter(
            pk=delivery.pk,
            status__in=[Delivery.Status.SENT, Delivery.Status.UNKNOWN, Delivery.Status.SENDING],
        ).update(status=Delivery.Status.DELIVERED, delivered_at=now)
        return "delivered"
    if event == "opened":
        if delivery is not None and delivery.opened_at is None:
            Delivery.objects.filter(pk=delivery.pk).update(opened_at=now)
        return "opened"
    if event in {"bounce", "complaint"}:
        if not address:
            return "no address"
        reason = Suppression.Reason.BOUNCE if event == "bounce" else Suppression.Reason.COMPLAINT
        suppress(channel=Channel.EMAIL, address=address, reason=reason, detail=detail)
        if delivery is not None and event == "bounce":
            Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.BOUNCED, error=detail[:300])
        return "suppressed"
    raise ServiceError(f"Unknown event '{event}'. Use delivered, opened, bounce or complaint.", field="event")


def suppress(*, channel: str, address: str, reason: str, detail: str = "") -> None:
    Suppression.objects.get_or_create(
        channel=channel,
        address=address.lower() if channel == Channel.EMAIL else address,
        defaults={"reason": reason, "detail": detail[:300]},
    )
    field = "email__iexact" if channel == Channel.EMAIL else "phone"
    for s in Subscriber.objects.filter(**{field: address}).exclude(status=Subscriber.Status.LEFT):
        unsubscribe(s, channel=channel, how=f"suppressed: {reason}")


# ---------------------------------------------------------------- messages


def _check_audience(message: Message) -> int:
    has_area = message.london or message.wards.exists() or message.boroughs.exists()
    others = audiences.reasons_nobody(message)
    if not has_area and not others:
        raise ServiceError(
            "Choose who should get this message: at least one area, a group or a consultation's respondents",
            field="wards",
        )
    reach = queries.reach_of(message)["people"]
    if reach == 0:
        reasons = ["no confirmed subscribers match these areas and interests"] if has_area else []
        reasons += [reason for _field, reason in others]
        field = "wards" if has_area else others[0][0]
        raise ServiceError(f"Nobody would get this message: {'; '.join(reasons)}.", field=field)
    return reach


def check_scope(user: Any, *, wards: list[Ward], boroughs: list[Borough], london: bool) -> None:
    if not (wards or boroughs or london):
        return
    if not permissions.can_send_to(user, wards=wards, boroughs=boroughs, london=london):
        raise ServiceError(
            gettext("You can only send alerts to places your role covers."), field="wards", code="forbidden"
        )


@transaction.atomic
def save_message(
    *,
    by: Any,
    message: Message | None = None,
    subject: str,
    body: str,
    text: str = "",
    sms_text: str = "",
    priority: str = Message.Priority.ROUTINE,
    kind: str = Message.Kind.ALERT,
    wards: list[Ward] | None = None,
    boroughs: list[Borough] | None = None,
    london: bool = False,
    interests: list[str] | None = None,
    audiences_chosen: list[tuple[str, int]] | None = None,
    team: Any = None,
    translations: dict[str, dict[str, str]] | None = None,
) -> Message:
    """Create or change a draft message; `audiences_chosen` are `(kind, id)` pairs (`alerts.audiences`)."""
    wards, boroughs = list(wards or []), list(boroughs or [])
    check_scope(by, wards=wards, boroughs=boroughs, london=london)
    if not subject.strip():
        raise ServiceError(gettext("Enter a subject"), field="subject")
    if not body.strip():
        raise ServiceError(gettext("Enter the message"), field="body")
    if message is not None and message.status not in {Message.Status.DRAFT, Message.Status.SCHEDULED}:
        raise ServiceError(gettext("This message has been sent and cannot be changed."), code="conflict")
    creating = message is None
    if message is None:
        message = Message(created_by=by)
    message.subject, message.body, message.text, message.sms_text = subject.strip(), body, text, sms_text
    message.priority, message.kind, message.london = priority, kind, london
    unknown = sorted(set(interests or []) - set(Interest.values))
    if unknown:
        # An unknown interest would leave the mask empty, and an empty mask reaches every interest.
        raise ServiceError(
            f"Unknown interest: {', '.join(unknown)}. Choose from: {', '.join(Interest.values)}.", field="interests"
        )
    message.interests = interests_mask(interests or [])
    chosen = audiences.check(by, audiences_chosen or [])
    if translations is not None:
        bad = set(translations) - set(Language.values)
        if bad:
            raise ServiceError(f"Unknown language: {', '.join(sorted(bad))}", field="translation_language")
        message.translations = translations
    if team is not None:
        message.team = team
    elif creating:
        message.team = units_for(by, Capability.SEND_ALERTS).first()
    message.save()
    message.wards.set(wards)
    message.boroughs.set(boroughs)
    audiences.store(message, chosen)
    audit.log(by, "alerts.message_saved" if not creating else "alerts.message_created", message)
    return message


# A send time this close to now (a form filled in a minute ago, clocks a little apart) means "now".
SEND_AT_GRACE = timedelta(minutes=1)


@transaction.atomic
def send_message(message: Message, *, by: Any, at: datetime | None = None) -> Message:
    """Send now (or at `at`): check the audience, then fan out in the background after commit."""
    from alerts.tasks import start_message

    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status not in {Message.Status.DRAFT, Message.Status.SCHEDULED}:
        raise ServiceError(gettext("This message has already been sent."), code="conflict")
    check_scope(by, wards=list(message.wards.all()), boroughs=list(message.boroughs.all()), london=message.london)
    _check_audience(message)
    now = timezone.now()
    if at is not None and at < now - SEND_AT_GRACE:
        raise ServiceError(
            f"The send time {timezone.localtime(at):%-d %B %Y %H:%M} is in the past. "
            "Choose a time from now on, or leave it empty to send now.",
            field="send_at",
        )
    if at is not None and at > now + SEND_AT_GRACE:
        message.status = Message.Status.SCHEDULED
        message.scheduled_for = at
        message.save(update_fields=["status", "scheduled_for", "updated_at"])
        audit.log(by, "alerts.message_scheduled", message, changes={"at": at})
        transaction.on_commit(lambda: _wake_at(at))
        return message
    message.status = Message.Status.SENDING
    message.started_at = now
    message.save(update_fields=["status", "started_at", "updated_at"])
    audit.log(by, "alerts.message_sent", message)
    pk = message.pk
    transaction.on_commit(lambda: start_message.enqueue(pk))
    return message


def _wake_at(at: datetime) -> None:
    """Ask the task backend to dispatch at `at` when it can defer tasks; `alerts_dispatch` (cron) covers the rest."""
    from django_tasks import default_task_backend

    from alerts.tasks import dispatch_due

    if default_task_backend.supports_defer:
        dispatch_due.using(run_after=at).enqueue()


@transaction.atomic
def cancel_message(message: Message, *, by: Any) -> Message:
    updated = Message.objects.filter(pk=message.pk, status=Message.Status.SCHEDULED).update(
        status=Message.Status.DRAFT, scheduled_for=None
    )
    if not updated:
        raise ServiceError(gettext("Only a scheduled message can be cancelled."), code="conflict")
    audit.log(by, "alerts.message_unscheduled", message)
    message.refresh_from_db()
    return message


# ---------------------------------------------------------------- two-way


@transaction.atomic
def reply_to_message(*, message: Message, subscriber: Subscriber | None, text: str) -> Reply:
    if not text.strip():
        raise ServiceError(gettext("Enter your reply"), field="text")
    reply = Reply.objects.create(message=message, subscriber=subscriber, text=text.strip()[:5000])
    if message.team is not None:
        for post in message.team.posts.current().select_related("user"):
            notify.notify_user(
                post.user,
                f"New reply to '{message.subject}'",
                link=reverse("alerts:inbox"),
                kind="alerts.reply",
            )
    return reply


@transaction.atomic
def rate_message(*, message: Message, subscriber: Subscriber, useful: bool) -> Rating:
    rating, _ = Rating.objects.update_or_create(message=message, subscriber=subscriber, defaults={"useful": useful})
    return rating


def route_question(topic: str, ward: Ward | None) -> Any:
    """The unit that answers: a business group for a specialist topic, else the ward's neighbourhood team."""
    rule = RoutingRule.objects.filter(topic=topic).select_related("unit").first()
    if rule is not None and topic != Topic.LOCAL:
        return rule.unit
    if ward is not None:
        team = Unit.objects.filter(ward=ward, kind=Unit.Kind.NEIGHBOURHOOD_TEAM, is_active=True).first()
        if team is not None:
            return team
        borough_unit = Unit.objects.filter(borough=ward.borough, is_active=True).first()
        if borough_unit is not None:
            return borough_unit
    if rule is not None:
        return rule.unit
    fallback = RoutingRule.objects.filter(topic=Topic.OTHER).select_related("unit").first()
    return fallback.unit if fallback else None


@transaction.atomic
def ask_question(*, topic: str, email: str, text: str, name: str = "", postcode: str = "") -> Question:
    email = _check_email(email)
    if topic not in Topic.values:
        raise ServiceError(gettext("Choose what your question is about"), field="topic")
    if not text.strip():
        raise ServiceError(gettext("Enter your question"), field="text")
    ward = find_postcode(postcode).ward if postcode.strip() else None
    unit = route_question(topic, ward)
    question = Question.objects.create(
        topic=topic, ward=ward, unit=unit, name=name[:100], email=email, text=text.strip()[:5000]
    )
    if unit is not None:
        for post in unit.posts.current().select_related("user"):
            notify.notify_user(post.user, "A question from the public", link=reverse("alerts:inbox"), kind="alerts.q")
    notify.send_email(
        to=email,
        subject="We have your question",
        text=f"Thank you. Your question (reference Q{question.pk}) has gone to "
        f"{unit or 'our engagement team'}. We will reply to this address.\n",
        reason="alerts.question_received",
    )
    audit.log(None, "alerts.question_asked", question, changes={"unit": str(unit)})
    return question


@transaction.atomic
def answer_question(question: Question, *, by: Any, answer: str) -> Question:
    if not answer.strip():
        raise ServiceError(gettext("Enter your answer"), field="answer")
    if question.answered_at is not None:
        raise ServiceError(gettext("This question has already been answered."), code="conflict")
    question.answer = answer.strip()
    question.answered_at = timezone.now()
    question.answered_by = by
    question.save()
    notify.send_email(
        to=question.email,
        subject=f"Answer to your question Q{question.pk}",
        text=(
            f"You asked:\n{question.text}\n\nOur answer:\n{question.answer}\n\n"
            f"— {question.unit or 'The police service'}\n"
        ),
        reason="alerts.question_answered",
    )
    audit.log(by, "alerts.question_answered", question)
    return question
