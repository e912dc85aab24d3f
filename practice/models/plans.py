"""Ward engagement plans: the team's choices, six-month targets and reviews (see `practice.models`)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from activities.models import Activity, CommunityOfInterest
from core import bounds
from core.models import TimeStampedModel
from places.models import Ward

REVIEW_MONTHS = 6
REVIEW_DAYS = 182


def next_review(after: date) -> date:
    return after + timedelta(days=REVIEW_DAYS)


class WardPlan(TimeStampedModel):
    """A ward's bespoke engagement plan (one per ward), reviewed every six months."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    class Feedback(models.TextChoices):
        PANEL = "panel", "At the ward panel meeting"
        NEWSLETTER = "newsletter", "Ward newsletter or email alert"
        SOCIAL = "social", "Social media"
        NOTICEBOARD = "noticeboard", "Noticeboards and leaflets"
        STREET = "street", "Street briefings and surgeries"
        WEBSITE = "website", "“You said, we did” on the ward page"
        OTHER = "other", "Other (described below)"

    ward = models.OneToOneField(Ward, on_delete=models.PROTECT, related_name="engagement_plan")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    profile_notes = models.TextField(
        "What the team knows about the ward",
        blank=True,
        validators=bounds.text_validators(),
        help_text="Natural neighbourhoods, where people meet, survey results, what people here prefer",
    )
    feedback_mechanism = models.CharField(max_length=20, choices=Feedback.choices, blank=True)
    feedback_details = models.TextField("How feedback will be given", blank=True, validators=bounds.text_validators())
    review_due = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    last_reviewed_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    agreed_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    reminded_for = models.DateField(
        null=True, blank=True, validators=bounds.date_validators(), help_text="The review date last reminded of"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ward__borough__name", "ward__name"]
        constraints = [
            bounds.text_within("profile_notes", "practice_wardplan_profile_notes_length"),
            bounds.text_within("feedback_details", "practice_wardplan_feedback_details_length"),
        ]

    def __str__(self) -> str:
        return f"Engagement plan for {self.ward.name}"

    def get_absolute_url(self) -> str:
        return reverse("practice:plan", args=[self.ward.code])

    def review_state(self, today: date) -> str:
        if self.review_due is None:
            return "not agreed"
        if self.review_due < today:
            return "overdue"
        if self.review_due <= today + timedelta(days=28):
            return "due soon"
        return "up to date"


class PlanCommunity(models.Model):
    """A community the team means to reach in the ward, and the methods it will use for it."""

    plan = models.ForeignKey(WardPlan, on_delete=models.CASCADE, related_name="communities")
    community = models.ForeignKey(CommunityOfInterest, on_delete=models.PROTECT, related_name="+")
    methods: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    why = models.CharField("Why this community", max_length=300, blank=True)

    class Meta:
        ordering = ["community__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "community"], name="practice_plancommunity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.community} in {self.plan.ward.name}"

    def method_labels(self) -> list[str]:
        labels = dict(Activity.Method.choices)
        return [str(labels.get(m, m)) for m in self.methods]


class PlanTarget(models.Model):
    """A six-month target: so many activities (or people attending) with a community, by a method."""

    class Measure(models.TextChoices):
        ACTIVITIES = "activities", "Activities held"
        ATTENDANCE = "attendance", "People attending"

    plan = models.ForeignKey(WardPlan, on_delete=models.CASCADE, related_name="targets")
    community = models.ForeignKey(
        CommunityOfInterest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: everyone in the ward",
    )
    method = models.CharField(max_length=20, choices=Activity.Method.choices, blank=True, help_text="Empty: any")
    measure = models.CharField(max_length=12, choices=Measure.choices, default=Measure.ACTIVITIES)
    number = models.PositiveIntegerField(validators=bounds.count_validators())
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [bounds.number_within("number", "practice_plantarget_number_in_range")]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        what = self.get_measure_display().lower()
        who = f" with {self.community}" if self.community_id else ""
        how = f" by {self.get_method_display().lower()}" if self.method else ""
        return f"{self.number} {what}{who}{how} in six months"


class PlanReview(models.Model):
    """A six-monthly review: the targets beside what the register showed, kept as it was on the day."""

    plan = models.ForeignKey(WardPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(validators=bounds.date_validators())
    period_start = models.DateField(validators=bounds.date_validators())
    notes = models.TextField("What the team learned", blank=True, validators=bounds.text_validators())
    results: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            bounds.text_within("notes", "practice_planreview_notes_length"),
            bounds.in_order("period_start", "reviewed_on", "practice_planreview_in_order"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.plan.ward.name}'s plan, {self.reviewed_on:%-d %B %Y}"
