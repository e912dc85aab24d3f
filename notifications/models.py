"""The outboxes: one-off messages to one person, each sent by a background task and retried with backoff
(`notifications.outbox`). The tables keep the names they had when email lived in `core` and texts in `alerts`,
so moving them here kept every row."""

from django.db import models

from core import bounds

# Far beyond any retry policy: a sender that loops forever is stopped by the database.
MAX_SEND_ATTEMPTS = 1_000


class OutboxRow(models.Model):
    """One message waiting to go out through a provider, sent by a background task and retried with backoff
    (see `notifications.outbox` and docs/scheduler.md)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        # Given up after the last attempt: the provider refused it, or every attempt failed.
        FAILED = "failed", "Failed"
        # Given up, and the last attempt stopped with the worker: the provider may or may not have it.
        UNKNOWN = "unknown", "Unknown"

    reason = models.CharField(max_length=100, blank=True, help_text="What caused it, e.g. feedback.published")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0, validators=bounds.count_validators(MAX_SEND_ATTEMPTS))
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="When a queued row is tried (again) at the latest"
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When the current attempt started")
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def given_up(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.UNKNOWN)


class OutboundEmail(OutboxRow):
    """One transactional email in the outbox (confirmations, notices to staff, outcome notices)."""

    to = models.EmailField()
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField(blank=True)
    headers: models.JSONField[dict[str, str]] = models.JSONField(default=dict, blank=True)

    class Meta(OutboxRow.Meta):
        db_table = "core_outboundemail"
        constraints = [bounds.number_within("attempts", "outboundemail_attempts_in_range", MAX_SEND_ATTEMPTS)]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.status})"


class SmsOutbox(OutboxRow):
    """A one-off text message (confirmation codes, notices from other apps) sent through the gateway."""

    to = models.CharField(max_length=16)
    text = models.CharField(max_length=612)
    reference = models.CharField(max_length=120, blank=True)

    class Meta(OutboxRow.Meta):
        db_table = "alerts_smsoutbox"
        verbose_name_plural = "SMS outbox"

    def __str__(self) -> str:
        return f"SMS to {self.to} ({self.status})"
