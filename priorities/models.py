"""Issues raised by the public and officers, ward priorities and their reviews, and the online ward panel."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import bounds
from languages import content
from places.models import Borough, Ward


class Category(models.TextChoices):
    ASB = "asb", _("Anti-social behaviour")
    DRUGS = "drugs", _("Drugs")
    BURGLARY = "burglary", _("Burglary")
    ROAD_SAFETY = "road_safety", _("Road safety")
    VEHICLE_CRIME = "vehicle_crime", _("Vehicle crime")
    VIOLENCE = "violence", _("Violence")
    OTHER = "other", _("Other")


class Issue(models.Model):
    """A local problem someone told their neighbourhood team about."""

    class Frequency(models.TextChoices):
        ONCE = "once", _("It happened once")
        SOMETIMES = "sometimes", _("A few times")
        WEEKLY = "weekly", _("Every week")
        DAILY = "daily", _("Every day or almost every day")

    class Source(models.TextChoices):
        PUBLIC = "public", "Raised online"
        OFFICER = "officer", "Recorded by an officer"

    class Status(models.TextChoices):
        NEW = "new", _("New")
        REVIEWED = "reviewed", _("Reviewed")
        PRIORITY = "priority", _("Part of a ward priority")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="issues")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="issues")
    postcode = models.CharField(max_length=8, blank=True)
    address = models.CharField(max_length=255, blank=True)
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    description = models.TextField(validators=bounds.text_validators())
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text="The language of the page the issue was raised on (languages.choices); the reporter's emails "
        "and texts follow it. Empty: English.",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PUBLIC)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues_raised",
        help_text="The street briefing, meeting or other activity where the issue was heard",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    priority = models.ForeignKey("Priority", null=True, blank=True, on_delete=models.SET_NULL, related_name="issues")
    staff_note = models.TextField(blank=True, validators=bounds.text_validators())
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["ward", "created_at"]),
            models.Index(fields=["borough", "category"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            bounds.number_within("latitude", "priorities_issue_latitude_in_range", 90, -90),
            bounds.number_within("longitude", "priorities_issue_longitude_in_range", 180, -180),
            bounds.text_within("description", "priorities_issue_description_length"),
            bounds.text_within("staff_note", "priorities_issue_note_length"),
        ]

    def __str__(self) -> str:
        return self.reference or f"Issue {self.pk}"

    @property
    def wants_reply(self) -> bool:
        return bool(self.contact_email or self.contact_phone)


class Priority(models.Model):
    """A ward priority: the issue, what the police and partners will do, and when it is reviewed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CURRENT = "current", "Current"
        CLOSED = "closed", "Closed"
        REPLACED = "replaced", "Replaced"
        NOT_CHOSEN = "not_chosen", "Not chosen"

    class SetBy(models.TextChoices):
        PANEL = "panel", _("Ward panel")
        TEAM = "team", _("Neighbourhood team")

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="priorities")
    category = models.CharField(max_length=20, choices=Category.choices)
    issue = models.TextField(help_text="The issue, as the panel agreed it", validators=bounds.text_validators())
    action = models.TextField(help_text="What the police and partners will do", validators=bounds.text_validators())
    set_by = models.CharField(max_length=10, choices=SetBy.choices, default=SetBy.PANEL)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CURRENT)
    set_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    review_by = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    closed_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    panel_round = models.ForeignKey(
        "PanelRound", null=True, blank=True, on_delete=models.CASCADE, related_name="options"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    translations = content.translations_field()  # the issue and action in other languages

    class Meta:
        ordering = ["-set_on", "-pk"]
        verbose_name_plural = "priorities"
        indexes = [models.Index(fields=["ward", "status"]), models.Index(fields=["status", "category"])]
        constraints = [
            bounds.in_order(
                "set_on", "review_by", "priorities_priority_review_after_set", "The review is before it was set."
            ),
            bounds.in_order(
                "set_on", "closed_on", "priorities_priority_closed_after_set", "It closes before it was set."
            ),
            bounds.text_within("issue", "priorities_priority_issue_length"),
            bounds.text_within("action", "priorities_priority_action_length"),
        ]

    def __str__(self) -> str:
        return self.issue[:80]

    def get_absolute_url(self) -> str:
        return reverse("priorities:ward", args=[self.ward.code]) + f"#priority-{self.pk}"


class Review(models.Model):
    """A review of a priority: what was done and whether it is closed, continued or replaced."""

    class Outcome(models.TextChoices):
        CONTINUED = "continued", pgettext_lazy("priority review outcome", "Continued")
        CLOSED = "closed", pgettext_lazy("priority review outcome", "Closed")
        REPLACED = "replaced", pgettext_lazy("priority review outcome", "Replaced")

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(validators=bounds.date_validators())
    done = models.TextField(help_text="What was done", validators=bounds.text_validators())
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    next_review_by = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    translations = content.translations_field()  # what was done, in other languages

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            bounds.in_order(
                "reviewed_on", "next_review_by", "priorities_review_next_after", "The next review is before this one."
            ),
            bounds.text_within("done", "priorities_review_done_length"),
        ]

    def __str__(self) -> str:
        return f"{self.priority} reviewed {self.reviewed_on}: {self.get_outcome_display()}"


class PanelRound(models.Model):
    """An online (virtual) ward panel vote on proposed priorities, open for a window."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="panel_rounds")
    title = models.CharField(max_length=200)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    translations = content.translations_field()  # the title in other languages

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="panelround_window")
        ]

    def __str__(self) -> str:
        return self.title


class PanelMember(models.Model):
    """A resident signed up (with a verified email account) to their ward's online panel."""

    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="panel_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ward_panels")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ward", "user"], name="panelmember_once_per_ward")]

    def __str__(self) -> str:
        return f"{self.user} in {self.ward}"


class PanelVote(models.Model):
    round = models.ForeignKey(PanelRound, on_delete=models.CASCADE, related_name="votes")
    # A vote stays counted when its voter's account is deleted: the round's result must not change afterwards.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    choice = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="votes")
    comment = models.TextField(blank=True, validators=bounds.text_validators())
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="panelvote_one_per_person"),
            bounds.text_within("comment", "priorities_vote_comment_length"),
        ]

    def __str__(self) -> str:
        return f"Vote in {self.round}"
