"""Alerts: subscribers, their areas, interests and consent; messages; one delivery row per recipient."""

import secrets
from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.models import TimeStampedModel
from languages import content
from places.models import Borough, Ward


class Interest(models.TextChoices):
    CRIME = "crime", _("Crime alerts and appeals for information")
    PRIORITIES = "priorities", _("Local priorities and what we did about them")
    MEETINGS = "meetings", _("Meetings and events")
    CONSULTATIONS = "consultations", _("Consultations and surveys")
    PREVENTION = "prevention", _("Crime prevention advice")
    ROAD_SAFETY = "road_safety", _("Road safety")
    NEWSLETTER = "newsletter", _("Newsletters from your neighbourhood team")


INTEREST_BITS: dict[str, int] = {value: 1 << i for i, value in enumerate(Interest.values)}
ALL_INTERESTS = sum(INTEREST_BITS.values())
ALL_INTEREST_VALUES: list[str] = list(Interest.values)


def interests_mask(values: list[str] | tuple[str, ...] | set[str]) -> int:
    """The bit mask stored for a set of interests (unknown values ignored)."""
    return sum(INTEREST_BITS[v] for v in set(values) if v in INTEREST_BITS)


def interests_from_mask(mask: int) -> list[str]:
    return [v for v, bit in INTEREST_BITS.items() if mask & bit]


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message (SMS)")


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Cymraeg (Welsh)"
    POLISH = "pl", "Polski (Polish)"
    ROMANIAN = "ro", "Română (Romanian)"
    BENGALI = "bn", "বাংলা (Bengali)"
    URDU = "ur", "اردو (Urdu)"
    SOMALI = "so", "Soomaali (Somali)"
    TURKISH = "tr", "Türkçe (Turkish)"
    PORTUGUESE = "pt", "Português (Portuguese)"
    SPANISH = "es", "Español (Spanish)"
    ARABIC = "ar", "العربية (Arabic)"
    GUJARATI = "gu", "ગુજરાતી (Gujarati)"
    PANJABI = "pa", "ਪੰਜਾਬੀ (Panjabi)"
    TAMIL = "ta", "தமிழ் (Tamil)"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(TimeStampedModel):
    """A person who asked for alerts. No account: they manage everything from a signed link."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Active"
        LEFT = "left", "Unsubscribed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    phone = models.CharField(max_length=16, blank=True, db_index=True, help_text="E.164, e.g. +447700900123")
    phone_confirmed_at = models.DateTimeField(null=True, blank=True)
    sms_code_hash = models.CharField(max_length=128, blank=True)
    sms_code_sent_at = models.DateTimeField(null=True, blank=True)
    sms_code_attempts = models.PositiveSmallIntegerField(default=0, validators=bounds.count_validators(1_000))
    wants_email = models.BooleanField(default=True)
    wants_sms = models.BooleanField(default=False)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    interests = models.PositiveIntegerField(
        default=0, help_text="Bit mask of Interest values", validators=bounds.count_validators(ALL_INTERESTS)
    )
    london = models.BooleanField(default=False, help_text="Wants alerts for the whole of London")
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    quiet_start = models.TimeField(null=True, blank=True, help_text="No routine messages from this time…")
    quiet_end = models.TimeField(null=True, blank=True, help_text="…until this time")
    token = models.CharField(max_length=40, unique=True, default=new_token, help_text="Key of the manage link")
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "london"])]
        constraints = [
            bounds.number_within("interests", "alerts_subscriber_interests_known", ALL_INTERESTS),
            bounds.number_within("sms_code_attempts", "alerts_subscriber_code_attempts_in_range", 1_000),
        ]

    def __str__(self) -> str:
        return self.email or self.phone or f"Subscriber {self.pk}"

    @property
    def interest_list(self) -> list[str]:
        return interests_from_mask(self.interests)

    def interest_labels(self) -> list[str]:
        return [str(Interest(v).label) for v in self.interest_list]

    def can_receive(self, channel: str) -> bool:
        if self.status != self.Status.ACTIVE:
            return False
        if channel == Channel.EMAIL:
            return self.wants_email and bool(self.email) and self.email_confirmed_at is not None
        return self.wants_sms and bool(self.phone) and self.phone_confirmed_at is not None

    def in_quiet_hours(self, at: time) -> bool:
        if self.quiet_start is None or self.quiet_end is None or self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= at < self.quiet_end
        return at >= self.quiet_start or at < self.quiet_end  # overnight, e.g. 21:00–07:00


class Consent(models.Model):
    """What the person agreed to, in the exact words shown, and when; kept when they leave."""

    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="consents")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    wording = models.TextField(validators=bounds.text_validators())
    given_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20, default="web", help_text="web, api, demo")

    class Meta:
        ordering = ["-given_at"]
        constraints = [bounds.text_within("wording", "alerts_consent_wording_length")]

    def __str__(self) -> str:
        return f"{self.channel} consent at {self.given_at:%Y-%m-%d %H:%M}"


class Suppression(models.Model):
    """An address we must not send to (hard bounce, complaint, STOP, unsubscribe by a provider)."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", "Permanent bounce"
        COMPLAINT = "complaint", "Complaint (marked as spam)"
        STOP = "stop", "STOP by text message"
        MANUAL = "manual", "Added by staff"

    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "address"], name="alerts_suppression_unique")]

    def __str__(self) -> str:
        return f"{self.address} ({self.get_reason_display()})"


class Message(TimeStampedModel):
    """An alert, newsletter or appeal written by staff for an audience of subscribers."""

    class Priority(models.TextChoices):
        ROUTINE = "routine", "Routine"
        IMPORTANT = "important", "Important"
        URGENT = "urgent", "Urgent (ignores quiet hours)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    # Not sent yet: a message in one of these can still be changed, translated or sent.
    CHANGEABLE = (Status.DRAFT, Status.SCHEDULED)

    class Kind(models.TextChoices):
        ALERT = "alert", _("Alert")
        APPEAL = "appeal", _("Appeal for information")
        MEETING = "meeting", _("Meeting invitation")
        NEWSLETTER = "newsletter", _("Newsletter")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ALERT)
    team = models.ForeignKey(
        "organisations.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="alert_messages"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(
        help_text="The message; paragraphs separated by a blank line", validators=bounds.text_validators()
    )
    text = models.TextField(
        blank=True, help_text="Plain-text version (the body is used if empty)", validators=bounds.text_validators()
    )
    sms_text = models.CharField(max_length=306, blank=True, help_text="Short version for text messages")
    translations = content.translations_field()  # by subscriber language (alerts.translations)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    london = models.BooleanField(default=False)
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    interests = models.PositiveIntegerField(
        default=0, help_text="Bit mask; 0 means every interest", validators=bounds.count_validators(ALL_INTERESTS)
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    scheduled_for = models.DateTimeField(null=True, blank=True, validators=bounds.datetime_validators())
    started_at = models.DateTimeField(null=True, blank=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True, help_text="Every delivery row created")
    fan_out_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the fan-out last wrote a batch (a fan-out still at work is not stale)"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reach = models.PositiveIntegerField(
        default=0,
        help_text="Deliveries created when sending started",
        validators=bounds.count_validators(bounds.MAX_REACH),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            bounds.text_within("body", "alerts_message_body_length"),
            bounds.text_within("text", "alerts_message_text_length"),
            bounds.number_within("interests", "alerts_message_interests_known", ALL_INTERESTS),
            bounds.number_within("reach", "alerts_message_reach_in_range", bounds.MAX_REACH),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("alerts:message_detail", args=[self.pk])

    @property
    def plain_text(self) -> str:
        return self.text or self.body

    @property
    def short_text(self) -> str:
        return self.sms_text or (self.subject + ": " + self.plain_text)[:300]

    def in_language(self, language: str | None) -> "Message":
        """A copy of the message in the subscriber's language when its subject and message have a translation made
        from today's English (else itself): a translation outdated by a change to the English is not sent. The
        plain-text and text-message versions are the translated ones when current, else made from the translation."""
        code = language or ""
        subject = content.current_translation(self, "subject", self.subject, code)
        body = content.current_translation(self, "body", self.body, code)
        if not subject or not body:
            return self
        copy = Message(pk=self.pk, team=self.team, kind=self.kind, priority=self.priority)
        copy.subject, copy.body = subject, body
        copy.text = content.current_translation(self, "text", self.text, code) if self.text else ""
        copy.sms_text = content.current_translation(self, "sms_text", self.sms_text, code) if self.sms_text else ""
        return copy


class Delivery(models.Model):
    """One message to one person on one channel.

    queued → sending (claimed by a batch) → [attempt_at recorded] → sent → delivered / bounced.
    A `sending` row found stale without `attempt_at` was never tried and goes back to `queued`;
    with `attempt_at` it becomes `unknown` until a provider event or the resend policy settles it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        BOUNCED = "bounced", "Bounced"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Suppressed"
        UNKNOWN = "unknown", "Unknown (check)"

    # No index of its own: the unique (message, subscriber, channel) and the (message, status) index start with it.
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254, help_text="Blanked when the subscriber's data is erased")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    not_before = models.DateTimeField(null=True, blank=True, help_text="Quiet hours: not before this time")
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempt_at = models.DateTimeField(null=True, blank=True, help_text="Set just before the send is attempted")
    attempts = models.PositiveSmallIntegerField(default=0, validators=bounds.count_validators(1_000))
    # Unique by a constraint (below), not unique=True: on PostgreSQL that adds a second, pattern-matching index.
    idempotency_key = models.CharField(max_length=120, help_text="Message-ID / gateway reference")
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "subscriber", "channel"], name="alerts_delivery_once"),
            models.UniqueConstraint(fields=["idempotency_key"], name="alerts_delivery_key_once"),
            bounds.number_within("attempts", "alerts_delivery_attempts_in_range", 1_000),
        ]
        indexes = [
            models.Index(fields=["message", "status"]),
            models.Index(fields=["status", "claimed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}/{self.channel}/{self.address}: {self.status}"


class MessageAudience(models.Model):
    """People beyond subscribers who get a message: one audience another domain provides, as `(kind, id)`
    (`core.registry.alert_audiences`; e.g. ("group", 12): the members of group 12)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="audiences")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveIntegerField()

    class Meta:
        ordering = ["kind", "object_id"]
        constraints = [models.UniqueConstraint(fields=["message", "kind", "object_id"], name="alerts_audience_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class Reply(models.Model):
    """A subscriber's reply to a message; it lands in the sending team's inbox."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="replies")
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="replies")
    text = models.TextField(validators=bounds.text_validators())
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [bounds.text_within("text", "alerts_reply_text_length")]

    def __str__(self) -> str:
        return f"Reply to {self.message}"


class Rating(models.Model):
    """'Was this message useful?' — one answer per subscriber per message."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="ratings")
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="ratings")
    useful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "subscriber"], name="alerts_rating_once")]

    def __str__(self) -> str:
        return f"{'useful' if self.useful else 'not useful'}: {self.message}"


class Topic(models.TextChoices):
    LOCAL = "local", _("Something in my area")
    COUNTER_TERRORISM = "counter_terrorism", _("Counter-terrorism and community safety concerns")
    ROADS = "roads", _("Roads and traffic")
    FIREARMS = "firearms", _("Armed policing operations")
    HATE_CRIME = "hate_crime", _("Hate crime")
    OTHER = "other", _("Something else")


class RoutingRule(models.Model):
    """Questions on a topic go to a business group (e.g. counter-terrorism to the CT unit)."""

    topic = models.CharField(max_length=20, choices=Topic.choices, unique=True)
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.get_topic_display()} → {self.unit}"


class Question(models.Model):
    """A question from the public contact form (the Communities Together Mailbox), and its answer."""

    topic = models.CharField(max_length=20, choices=Topic.choices)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("organisations.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField()
    text = models.TextField(validators=bounds.text_validators())
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text="The language of the page the question was asked on (languages.choices); the emails to the "
        "person follow it. Empty: English.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True, validators=bounds.text_validators())
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            bounds.text_within("text", "alerts_question_text_length"),
            bounds.text_within("answer", "alerts_question_answer_length"),
        ]

    def __str__(self) -> str:
        return f"Question {self.pk} ({self.get_topic_display()})"
