"""The engagement register: who the service engages with, when and where.

`Activity` is the record a unit keeps. `ActivityPlace` is a derived, indexed footprint (one row per
occurrence and per place or community it reaches) that makes clash, fatigue and calendar reads fast;
services rebuild it whenever an activity changes.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.recurrence import occurrence_starts
from core import bounds
from core.models import TimeStampedModel
from languages import content
from organisations.models import Unit
from places.models import Borough, Ward


class CommunityOfInterest(models.Model):
    """An audience that is not a place: young people, a faith community, businesses…"""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, validators=bounds.text_validators())
    is_active = models.BooleanField(default=True)
    # Where Census 2021 counts this community, the figure that sizes it (e.g. "Disability" /
    # "Disabled under the Equality Act"): "who is never asked" ranks communities by it.
    census_topic = models.CharField(max_length=100, blank=True)
    census_category = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities of interest"
        constraints = [bounds.text_within("description", "activities_community_description_length")]

    def __str__(self) -> str:
        return self.name


class Operation(TimeStampedModel):
    """A high-impact police operation that reassurance engagement is planned around (action 3.7)."""

    name = models.CharField(max_length=200)
    organising_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    starts_on = models.DateField(validators=bounds.date_validators())
    ends_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    description = models.TextField(blank=True, validators=bounds.text_validators())

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            bounds.in_order(
                "starts_on", "ends_on", "activities_operation_in_order", "It must not end before it starts."
            ),
            bounds.text_within("description", "activities_operation_description_length"),
        ]

    def __str__(self) -> str:
        return self.name


class Activity(TimeStampedModel):
    """One engagement activity (or a recurring series of them) recorded by a unit."""

    class Method(models.TextChoices):
        PUBLIC_MEETING = "public_meeting", _("Public meeting")
        PANEL_MEETING = "panel_meeting", _("Panel meeting")
        STREET_BRIEFING = "street_briefing", _("Street briefing")
        FOCUS_GROUP = "focus_group", _("Focus group")
        SURVEY = "survey", _("Survey")
        WORKSHOP = "workshop", _("Workshop or presentation")
        SCHOOL_VISIT = "school_visit", _("School visit")
        LEAFLET_DROP = "leaflet_drop", _("Leaflet drop")
        SOCIAL_MEDIA = "social_media", _("Social media")
        ONLINE_EVENT = "online_event", _("Online event")
        DOOR_KNOCKING = "door_knocking", _("Door knocking")
        OTHER = "other", _("Other")

    class Tier(models.TextChoices):
        CENTRAL = "central", "Central"
        BUSINESS_GROUP = "business_group", "Business group or command unit"
        EVENT = "event", "Event- or incident-specific"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CONFIRMED = "confirmed", "Confirmed"
        HELD = "held", "Held"
        OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
        FEEDBACK_GIVEN = "feedback_given", "Feedback given"
        CANCELLED = "cancelled", "Cancelled"

    class Recurrence(models.TextChoices):
        NONE = "", _("Does not repeat")
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Fortnightly")
        MONTHLY = "monthly", _("Monthly")
        SIX_WEEKLY = "six_weekly", _("Every six weeks")
        QUARTERLY = "quarterly", _("Quarterly")

    class Audience(models.TextChoices):
        """Whom it asks something of: only the first two are asks of the public (fatigue counts them)."""

        PUBLIC = "public", "The public of its places"
        COMMUNITY = "community", "A community of interest"
        PARTNERS = "partners", "Partners only"
        INTERNAL = "internal", "Internal: officers and staff only"

    class OperationPhase(models.TextChoices):
        NONE = "", "Not linked to an operation"
        BEFORE = "before", "Before the operation"
        AFTER = "after", "After the operation"

    title = models.CharField(max_length=200)
    purpose = models.TextField(
        help_text="Why this is taking place (the public is told)", validators=bounds.text_validators()
    )
    use_of_results = models.TextField(
        blank=True, help_text="How the results will be used (the public is told)", validators=bounds.text_validators()
    )
    method = models.CharField(max_length=20, choices=Method.choices)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.BUSINESS_GROUP)
    organising_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="activities")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_name = models.CharField(max_length=150, blank=True)
    lead_email = models.EmailField(blank=True)
    lead_phone = models.CharField(max_length=40, blank=True)
    partners = models.ManyToManyField(Unit, blank=True, related_name="partner_activities")
    wards = models.ManyToManyField(Ward, blank=True, related_name="activities")
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="activities")
    london_wide = models.BooleanField(default=False)
    placeless = models.BooleanField(
        default=True,
        editable=False,
        help_text="Tied to no ward, borough or London (an activity for a community): every reader sees it. "
        "Set by the services from the places; read through a small partial index.",
    )
    communities = models.ManyToManyField(CommunityOfInterest, blank=True, related_name="activities")
    audience = models.CharField(
        max_length=10,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text="Whom it engages: partners-only and internal meetings are not asks of the public",
    )
    starts_at = models.DateTimeField(
        help_text="Start of the (first) occurrence", validators=bounds.datetime_validators()
    )
    ends_at = models.DateTimeField(help_text="End of the (first) occurrence", validators=bounds.datetime_validators())
    recurrence = models.CharField(max_length=12, choices=Recurrence.choices, blank=True, default="")
    repeat_until = models.DateField(
        null=True, blank=True, help_text="Last day a recurrence may fall on", validators=bounds.date_validators()
    )
    exception_dates: models.JSONField[list[str]] = models.JSONField(
        default=list, blank=True, help_text="ISO dates of occurrences that do not take place"
    )
    venue = models.CharField(max_length=300, blank=True)
    venue_accessibility = models.TextField(blank=True, validators=bounds.text_validators())
    is_public = models.BooleanField(default=True, help_text="Shown to the public before it happens")
    # The public page's title, purpose, use of results, venue and access in other languages (languages.content).
    translations = content.translations_field()
    pre_planned = models.BooleanField(
        default=True, help_text="Planned in advance (not a spontaneous response): the local team is consulted"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    sequence = models.PositiveIntegerField(
        default=0,
        help_text="Revision of its time, repetition or status, as calendar feeds tell subscribers (iCalendar SEQUENCE)",
    )
    consultation_pending = models.BooleanField(
        default=False,
        help_text="A neighbourhood team's prior consultation is unanswered or objected: not shown to the public",
    )
    operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    operation_phase = models.CharField(max_length=6, choices=OperationPhase.choices, blank=True, default="")
    attendance = models.PositiveIntegerField(
        null=True, blank=True, validators=bounds.count_validators(bounds.MAX_ATTENDANCE)
    )
    reach = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="People reached (e.g. leaflets, views)",
        validators=bounds.count_validators(bounds.MAX_REACH),
    )
    cost = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=bounds.money_validators()
    )
    outcome_notes = models.TextField(blank=True, validators=bounds.text_validators())
    feedback_notes = models.TextField(blank=True, validators=bounds.text_validators())
    cancelled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["organising_unit", "starts_at"]),
            models.Index(fields=["starts_at"]),
            models.Index(fields=["starts_at"], name="act_placeless_start", condition=models.Q(placeless=True)),
            # The register's list filtered by status, tier or method, newest first: one index range each, however
            # few of the activities match (a rare status walked the start index through millions of rows).
            models.Index(fields=["status", "starts_at"], name="act_status_start"),
            models.Index(fields=["tier", "starts_at"], name="act_tier_start"),
            models.Index(fields=["method", "starts_at"], name="act_method_start"),
        ]
        constraints = [
            # A number the database (or SQLite's reading of a decimal) cannot hold must never be stored:
            # one such row once broke the list, calendar and export for everyone.
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0, cost__lte=bounds.MAX_MONEY),
                name="activity_cost_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(attendance__isnull=True) | models.Q(attendance__lte=bounds.MAX_ATTENDANCE),
                name="activity_attendance_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(reach__isnull=True) | models.Q(reach__lte=bounds.MAX_REACH),
                name="activity_reach_in_range",
            ),
            *(
                bounds.text_within(field, f"activity_{field}_length")
                for field in ("purpose", "use_of_results", "venue_accessibility", "outcome_notes", "feedback_notes")
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("activities:public", args=[self.pk])

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    def occurrence_starts(self) -> list[Any]:
        """Start of every occurrence (one for a single activity), exceptions removed."""
        return occurrence_starts(self.starts_at, self.recurrence, self.repeat_until, self.exception_dates)

    def exceptions(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.exception_dates or []]


class ActivityPlace(models.Model):
    """Derived footprint: one occurrence of an activity in one place or community (rebuilt by services).

    kind=ward rows carry the ward and its borough; kind=borough rows a borough; kind=london neither;
    kind=community a community of interest. A borough activity thus overlaps every ward row of that
    borough, and a London-wide one every row, without expanding into hundreds of ward rows.
    """

    class Kind(models.IntegerChoices):
        WARD = 1
        BOROUGH = 2
        LONDON = 3
        COMMUNITY = 4

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="footprint")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    borough = models.ForeignKey(Borough, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        CommunityOfInterest, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    method = models.CharField(max_length=20)
    audience = models.CharField(max_length=10, default=Activity.Audience.PUBLIC)
    share = models.FloatField(
        default=1.0,
        help_text="How local this row's ask is: 1 for a ward, 1/wards for a borough or London, the share of "
        "London's wards covered for a community",
    )
    is_long = models.BooleanField(default=False, help_text="Lasts more than a week (searched by its end)")

    class Meta:
        indexes = [
            models.Index(fields=["ends_at"], name="act_fp_long_end", condition=models.Q(is_long=True)),
            models.Index(fields=["ward", "starts_at"], name="act_fp_ward_start"),
            models.Index(fields=["kind", "borough", "starts_at"], name="act_fp_kind_borough_start"),
            models.Index(fields=["kind", "starts_at"], name="act_fp_kind_start"),
            models.Index(fields=["community", "starts_at"], name="act_fp_community_start"),
            # a method's occurrences over a period, as the minimum standards count them
            models.Index(fields=["method", "starts_at"], name="act_fp_method_start"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.get_kind_display()} {self.starts_at:%Y-%m-%d}"


class ActivityLink(models.Model):
    """A planner's answer to a clash: joined up with the other activity, or why both are needed."""

    class Kind(models.TextChoices):
        JOINED_UP = "joined_up", "Joined up"
        BOTH_NEEDED = "both_needed", "Both needed"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    other = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="linked_from")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True, validators=bounds.text_validators())
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "other"], name="activity_link_once"),
            bounds.text_within("note", "activities_link_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.get_kind_display()} – {self.other}"


class PriorConsultation(models.Model):
    """A ward's neighbourhood team asked about another unit's pre-planned activity in its ward (3.6).

    An objection holds the activity back (not confirmed, not public) until the organiser and the team both
    agree how it is resolved, or a coordinator for the ward (the borough champion) overrules it with a reason.
    No answer by `respond_by` counts as acknowledgement (LAPSED).
    """

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        COMMENTED = "commented", "Commented"
        OBJECTED = "objected", "Objected"
        RESOLVED = "resolved", "Objection resolved"
        OVERRULED = "overruled", "Objection overruled"
        LAPSED = "lapsed", "No answer by the deadline (counts as acknowledged)"

    UNSETTLED = (State.WAITING, State.OBJECTED)

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="consultations")
    team = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.WAITING, db_index=True)
    comment = models.TextField(blank=True, validators=bounds.text_validators())
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(
        null=True, blank=True, help_text="After this, no answer counts as acknowledgement (policy deadline)"
    )
    resolution = models.TextField(
        blank=True,
        help_text="What the organiser and the team agreed, or why overruled",
        validators=bounds.text_validators(),
    )
    lead_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_agreed_at = models.DateTimeField(null=True, blank=True)
    team_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team_agreed_at = models.DateTimeField(null=True, blank=True)
    overruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overruled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "team"], name="prior_consultation_once"),
            bounds.text_within("comment", "activities_prior_comment_length"),
            bounds.text_within("resolution", "activities_prior_resolution_length"),
        ]
        indexes = [models.Index(fields=["state", "respond_by"], name="prior_consultation_due")]

    def __str__(self) -> str:
        return f"{self.team} on {self.activity}: {self.get_state_display()}"

    @property
    def is_settled(self) -> bool:
        return self.state not in self.UNSETTLED


class FatigueSettings(models.Model):
    """Administrator-set method weights and thresholds for the fatigue measure (one row).

    Levels are calibrated on London: "medium" from the `medium_percentile` of every ward's figure over the
    last year, "high" from the `high_percentile`; the figures below are floors the calibrated thresholds
    never go under (so that on a quiet register a single ask is not a warning).
    """

    medium_percentile = models.PositiveSmallIntegerField(default=75)
    high_percentile = models.PositiveSmallIntegerField(default=95)
    medium_4w = models.DecimalField(max_digits=6, decimal_places=1, default=2)
    high_4w = models.DecimalField(max_digits=6, decimal_places=1, default=4)
    medium_12w = models.DecimalField(max_digits=6, decimal_places=1, default=4)
    high_12w = models.DecimalField(max_digits=6, decimal_places=1, default=8)
    method_weights: models.JSONField[dict[str, float]] = models.JSONField(default=dict, blank=True)
    clash_window_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days either side of an activity within which others count as clashes"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "fatigue settings"

    def __str__(self) -> str:
        return "Fatigue settings"


class MinimumStandard(models.Model):
    """A baseline every borough should meet (seed 002), e.g. each ward panel meets at least quarterly."""

    class Level(models.TextChoices):
        WARD = "ward", "Every ward of the borough"
        BOROUGH = "borough", "The borough as a whole"

    name = models.CharField(max_length=200)
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.BOROUGH)
    method = models.CharField(max_length=20, choices=Activity.Method.choices, blank=True)
    community = models.ForeignKey(CommunityOfInterest, null=True, blank=True, on_delete=models.SET_NULL)
    min_count = models.PositiveSmallIntegerField(default=1)
    period_days = models.PositiveSmallIntegerField(default=91, help_text="Rolling period, e.g. 91 for a quarter")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StandardBaseline(models.Model):
    """Whether a borough met a minimum standard at the end of a calendar quarter, recorded once and kept."""

    standard = models.ForeignKey(MinimumStandard, on_delete=models.CASCADE, related_name="baselines")
    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField(help_text="First day of the calendar quarter")
    met = models.BooleanField()
    count = models.PositiveIntegerField(default=0, help_text="Activities counted")
    wards_total = models.PositiveSmallIntegerField(null=True, blank=True)
    wards_short = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    evidence: models.JSONField[list[int]] = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quarter_start"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "borough", "quarter_start"], name="standard_baseline_once")
        ]

    def __str__(self) -> str:
        return f"{self.standard} · {self.borough} · {self.quarter_label}"

    @property
    def quarter_label(self) -> str:
        return f"{self.quarter_start.year} Q{(self.quarter_start.month - 1) // 3 + 1}"
