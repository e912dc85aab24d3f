"""Subscriptions: signing up, confirming each channel, preferences, leaving; STOP by text, bounces and
complaints that suppress an address; the signed links in every message."""

import hashlib
import hmac
import secrets
from datetime import time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from alerts.models import (
    Channel,
    Consent,
    Delivery,
    Interest,
    Subscriber,
    Suppression,
    interests_mask,
)
from core import audit
from core.errors import ServiceError
from languages import choices
from notifications import notify
from notifications.sms import normalise_mobile, send_sms
from places.models import Borough, Ward
from places.services import find_postcode

# In English here; shown, and recorded, in the language of the page the person subscribes on (`consent_wording`).
CONSENT_WORDING = {
    Channel.EMAIL: gettext_noop(
        "I agree that the police service may send me alerts by email about the areas and topics I chose. "
        "I can change my choices or stop these emails at any time from the link in every email."
    ),
    Channel.SMS: gettext_noop(
        "I agree that the police service may send me alerts by text message to this mobile number about the "
        "areas and topics I chose. I can stop them at any time by replying STOP."
    ),
}
MANAGE_SALT = "alerts.manage"
CONFIRM_SALT = "alerts.confirm"
UNSUB_SALT = "alerts.unsubscribe"


def consent_wording(channel: str, language: str) -> str:
    """The consent wording for a channel as the subscribe form shows it in that language: the words recorded."""
    with translation.override(choices.site_language(language)):
        return gettext(CONSENT_WORDING[Channel(channel)])


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


# ---------------------------------------------------------------- links


def manage_token(subscriber: Subscriber) -> str:
    return manage_token_for(subscriber.token)


def manage_token_for(subscriber_token: str) -> str:
    """The signed manage token of the subscriber whose own token this is (no model needed: sending uses it)."""
    return signing.dumps(subscriber_token, salt=MANAGE_SALT)


def subscriber_from_manage_token(token: str) -> Subscriber | None:
    try:
        raw = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(token=raw).exclude(status=Subscriber.Status.LEFT).first()


def manage_url(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse("alerts:manage", args=[manage_token(subscriber)])


def send_manage_link(subscriber: Subscriber) -> None:
    """Email a fresh link to the subscriber's settings, in their language (and to that language's page)."""
    with translation.override(choices.site_language(subscriber.language)):
        change = gettext("Change your alerts or stop them here:")
        notify.send_email(
            to=subscriber.email,
            subject=gettext("Your alerts settings link"),
            text=f"{change}\n{manage_url(subscriber)}\n",
            reason="alerts.manage_link",
        )


def unsubscribe_token(subscriber: Subscriber, channel: str) -> str:
    return unsubscribe_token_for(subscriber.token, channel)


def unsubscribe_token_for(subscriber_token: str, channel: str) -> str:
    return signing.dumps([subscriber_token, channel], salt=UNSUB_SALT)


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
            gettext("Enter an email address in the correct format, like name@example.com"), field="email"
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
            gettext(
                "Emails to this address have bounced or were reported as spam, so we cannot send to it. "
                "Use another address or contact us."
            ),
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
                subscriber=subscriber,
                channel=channel,
                # The words of the page the person agreed on (not the language they chose for their alerts).
                wording=consent_wording(channel, translation.get_language() or settings.LANGUAGE_CODE),
                given_at=now,
                source=source,
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
