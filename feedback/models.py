"""We asked, you said, we did: a feedback record for any priority, consultation or activity."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from languages import content
from places.models import Borough, Ward


def target_days() -> int:
    return int(getattr(settings, "FEEDBACK_TARGET_DAYS", 28))


def consultation_target_days() -> int:
    """Days after a consultation closes by which its outcome is due (12 weeks, as the Cabinet Office's
    consultation principles ask of a government response)."""
    return int(getattr(settings, "FEEDBACK_CONSULTATION_TARGET_DAYS", 84))


class FeedbackRecord(models.Model):
    """One record per subject: what was asked, what people said, what was done."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")

    title = models.CharField(max_length=255)
    asked = models.TextField(
        blank=True, help_text="We asked: what people were asked", validators=bounds.text_validators()
    )
    said = models.TextField(
        blank=True, help_text="You said: a summary of what people said", validators=bounds.text_validators()
    )
    said_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people took part", validators=bounds.count_validators()
    )
    did = models.TextField(blank=True, help_text="We did: what was done (latest)", validators=bounds.text_validators())
    did_published_at = models.DateTimeField(null=True, blank=True)

    wards = models.ManyToManyField(Ward, blank=True, related_name="feedback_records")
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="feedback_records")
    london_wide = models.BooleanField(default=False)

    due_at = models.DateTimeField(null=True, blank=True, help_text="Feedback is owed by this time")
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    translations = content.translations_field()  # title, asked, said and did in other languages

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="feedback_one_record_per_subject"),
            bounds.number_within("said_count", "feedback_record_said_count_in_range"),
            bounds.text_within("asked", "feedback_record_asked_length"),
            bounds.text_within("said", "feedback_record_said_length"),
            bounds.text_within("did", "feedback_record_did_length"),
        ]
        indexes = [models.Index(fields=["due_at", "did_published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feedback:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.did_published_at is not None


class FeedbackEntry(models.Model):
    """A dated update: something asked, said or done."""

    class Kind(models.TextChoices):
        ASKED = "asked", _("We asked")
        SAID = "said", _("You said")
        DID = "did", _("We did")

    record = models.ForeignKey(FeedbackRecord, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(validators=bounds.text_validators())
    count = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people (for 'you said')", validators=bounds.count_validators()
    )
    happened_on = models.DateField(validators=bounds.date_validators())
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    translations = content.translations_field()  # the update's text in other languages

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        verbose_name_plural = "feedback entries"
        constraints = [
            bounds.number_within("count", "feedback_entry_count_in_range"),
            bounds.text_within("text", "feedback_entry_text_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.happened_on}): {self.text[:60]}"


class Participant(models.Model):
    """Someone who took part and asked to hear back; told when "we did" is published."""

    record = models.ForeignKey(FeedbackRecord, on_delete=models.CASCADE, related_name="participants")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    name = models.CharField(max_length=150, blank=True)
    source = models.CharField(max_length=50, help_text="e.g. issue, vote, attendee, respondent")
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text="The language of the page they took part on (languages.choices), when known: the email and "
        "text telling them what was done are in it. Empty: English.",
    )
    last_told_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record", "email"], condition=~models.Q(email=""), name="feedback_participant_email_once"
            ),
            models.UniqueConstraint(
                fields=["record", "phone"],
                condition=models.Q(email="") & ~models.Q(phone=""),
                name="feedback_participant_phone_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone
