"""Outreach campaigns: a target list (personal data) worked by assigned volunteers and officers.

Targets are erased automatically once the campaign's retention has passed (`services_outreach.expire_targets`,
run by `manage.py apply_retention`); the campaign keeps only its outcome counts.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core import bounds
from core.models import TimeStampedModel
from places.models import Borough

MAX_RETENTION_DAYS = 730


class Campaign(TimeStampedModel):
    name = models.CharField(max_length=200)
    purpose = models.TextField(validators=bounds.text_validators())
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    ends_on = models.DateField(validators=bounds.date_validators())
    retention_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text="Days after the campaign ends that its target list is kept, then erased",
    )
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    targets_erased_at = models.DateTimeField(null=True, blank=True)
    # Outcome counts kept after the target list is erased: {"reached": 12, ...}
    final_counts: models.JSONField[dict[str, int]] = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-ends_on", "name"]
        constraints = [
            bounds.text_within("purpose", "volunteers_campaign_purpose_length"),
            bounds.text_within("name", "volunteers_campaign_name_length", 200),
            bounds.number_within("retention_days", "volunteers_campaign_retention_range", MAX_RETENTION_DAYS, 1),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers:campaign", args=[self.pk])

    @property
    def erase_on(self) -> date:
        return self.ends_on + timedelta(days=self.retention_days)


class Target(models.Model):
    class Outcome(models.TextChoices):
        NONE = "", "Not yet contacted"
        REACHED = "reached", "Reached"
        NOT_IN = "not_in", "Not in"
        DECLINED = "declined", "Declined"
        REFERRED = "referred", "Referred"
        ADVICE = "advice", "Advice given"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(max_length=150)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="", db_index=True)
    note = models.CharField(max_length=500, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            bounds.text_within("name", "volunteers_target_name_length", 150),
            bounds.text_within("address", "volunteers_target_address_length", 300),
            bounds.text_within("note", "volunteers_target_note_length", 500),
        ]

    def __str__(self) -> str:
        return f"Target {self.pk} of {self.campaign}"
