"""Community tension: weekly assessments per borough (and London), the items of information behind them, and
tier-3 records of critical incidents and events with their impact assessments, advisory cell and timeline.

Restricted information (OFFICIAL-SENSITIVE): read only through `tension.permissions`, every read audited.
"""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from activities.models import Activity, CommunityOfInterest
from alerts.models import Message
from core import bounds
from groups.models import CommunityGroup, Member
from organisations.models import Unit
from places.models import Borough, Ward
from tension import scale

MARKING = "OFFICIAL-SENSITIVE"


def _text(field: str, model: str) -> models.CheckConstraint:
    return bounds.text_within(field, f"tension_{model}_{field}_length")


def _level_check(field: str, model: str, nullable: bool = False) -> models.CheckConstraint:
    condition = models.Q(**{f"{field}__gte": scale.MIN_LEVEL, f"{field}__lte": scale.MAX_LEVEL})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"tension_{model}_{field}_on_scale",
        violation_error_message=f"Give a level on the scale: {scale.SCALE_TEXT}.",
    )


def _level_validators() -> list[Any]:
    message = f"Give a level on the scale: {scale.SCALE_TEXT}."
    return [MinValueValidator(scale.MIN_LEVEL, message), MaxValueValidator(scale.MAX_LEVEL, message)]


class Assessment(models.Model):
    """One week's tension assessment for a borough, or for London as a whole (no borough)."""

    class Trend(models.TextChoices):
        RISING = "rising", "Rising"
        STEADY = "steady", "Steady"
        FALLING = "falling", "Falling"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    borough = models.ForeignKey(Borough, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    week_starting = models.DateField(help_text="The Monday of the week assessed", validators=bounds.date_validators())
    level = models.PositiveSmallIntegerField(choices=scale.CHOICES, validators=_level_validators())
    trend = models.CharField(max_length=10, choices=Trend.choices, default=Trend.STEADY)
    summary = models.TextField(blank=True, validators=bounds.text_validators())
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True, validators=bounds.text_validators())
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_starting", "borough__name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "week_starting"], name="tension_one_assessment_a_week"),
            models.UniqueConstraint(
                fields=["week_starting"],
                condition=models.Q(borough__isnull=True),
                name="tension_one_london_assessment_a_week",
            ),
            _level_check("level", "assessment"),
            _text("summary", "assessment"),
            _text("review_note", "assessment"),
            models.CheckConstraint(
                condition=models.Q(week_starting__gte=bounds.EARLIEST_DATE, week_starting__lte=bounds.LATEST_DATE),
                name="tension_assessment_week_bounded",
            ),
        ]
        indexes = [models.Index(fields=["week_starting", "status"], name="tension_week_status")]

    def __str__(self) -> str:
        return f"{self.area_name}, week of {self.week_starting:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("tension:assessment", args=[self.pk])

    @property
    def area_name(self) -> str:
        return self.borough.name if self.borough_id and self.borough else "London"

    @property
    def level_label(self) -> str:
        return scale.label(self.level)

    @property
    def tier(self) -> str:
        return scale.tier(self.level)

    @property
    def tag_class(self) -> str:
        return scale.tag_class(self.level)


class AreaLevel(models.Model):
    """A ward or community of interest whose tension stands apart in a week's assessment: its own level and trend.
    Once the assessment is published, planners who may read tension see it beside their plans for that place."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="area_levels")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        CommunityOfInterest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(choices=scale.CHOICES, validators=_level_validators())
    trend = models.CharField(max_length=10, choices=Assessment.Trend.choices, default=Assessment.Trend.STEADY)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ward__isnull=False, community__isnull=True)
                | models.Q(ward__isnull=True, community__isnull=False),
                name="tension_area_level_ward_or_community",
                violation_error_message="Choose a ward or a community, not both.",
            ),
            models.UniqueConstraint(
                fields=["assessment", "ward"], condition=models.Q(ward__isnull=False), name="tension_one_ward_level"
            ),
            models.UniqueConstraint(
                fields=["assessment", "community"],
                condition=models.Q(community__isnull=False),
                name="tension_one_community_level",
            ),
            _level_check("level", "area_level"),
        ]

    def __str__(self) -> str:
        return f"{self.place_name}: {scale.label(self.level)}"

    @property
    def place_name(self) -> str:
        if self.ward_id and self.ward:
            return f"{self.ward.name} ward"
        return f"{self.community.name} community" if self.community else ""

    @property
    def level_label(self) -> str:
        return scale.label(self.level)

    @property
    def tag_class(self) -> str:
        return scale.tag_class(self.level)


class Incident(models.Model):
    """A tier-3 record: a critical incident or high-profile event and the engagement around it."""

    class Kind(models.TextChoices):
        CRITICAL_INCIDENT = "critical_incident", "Critical incident"
        PROTEST = "protest", "Protest"
        MAJOR_EVENT = "major_event", "Major event"
        OPERATION = "operation", "Operation"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, validators=bounds.text_validators())
    boroughs = models.ManyToManyField(Borough, related_name="+")
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    communities = models.ManyToManyField(CommunityOfInterest, blank=True, related_name="+")
    starts_on = models.DateField(validators=bounds.date_validators())
    ends_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    gold_commander = models.CharField(max_length=200, blank=True)
    silver_commander = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    engagement = models.ManyToManyField(Activity, blank=True, related_name="+")
    messages = models.ManyToManyField(Message, blank=True, related_name="+", help_text="Alerts sent about it")
    debrief = models.TextField(blank=True, validators=bounds.text_validators())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            _text("description", "incident"),
            _text("debrief", "incident"),
            bounds.in_order("starts_on", "ends_on", "tension_incident_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tension:incident", args=[self.pk])


class Item(models.Model):
    """One piece of information behind an assessment, graded for its source and reliability."""

    class Category(models.TextChoices):
        EVIDENCED = "evidenced", "Evidenced"
        EXPERIENCED = "experienced", "Experienced"
        POTENTIAL = "potential", "Potential"

    class Source(models.TextChoices):
        POLICE = "police", "Police"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        COMMUNITY_CONTACT = "community_contact", "Community contact"
        OPEN_SOURCE = "open_source", "Open source"
        PARTNER = "partner", "Partner"

    class Reliability(models.TextChoices):
        A = "A", "A — reliable"
        B = "B", "B — usually reliable"
        C = "C", "C — not known"
        D = "D", "D — unreliable"

    # The assessment an item informs is the one of its borough (none: London) and week; items may come in before
    # the borough lead starts that week's assessment.
    borough = models.ForeignKey(Borough, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    week_starting = models.DateField(validators=bounds.date_validators())
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    category = models.CharField(max_length=12, choices=Category.choices)
    source_type = models.CharField(max_length=20, choices=Source.choices)
    reliability = models.CharField(max_length=1, choices=Reliability.choices)
    text = models.TextField(validators=bounds.text_validators())
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    communities = models.ManyToManyField(CommunityOfInterest, blank=True, related_name="+")
    responses = models.ManyToManyField(Activity, blank=True, related_name="+")
    contributed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    contributor_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["week_starting", "borough"], name="tension_item_week_borough")]
        constraints = [
            _text("text", "item"),
            models.CheckConstraint(
                condition=models.Q(week_starting__gte=bounds.EARLIEST_DATE, week_starting__lte=bounds.LATEST_DATE),
                name="tension_item_week_bounded",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=["evidenced", "experienced", "potential"]),
                name="tension_item_category_known",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    source_type__in=["police", "local_authority", "community_contact", "open_source", "partner"]
                ),
                name="tension_item_source_known",
            ),
            models.CheckConstraint(
                condition=models.Q(reliability__in=["A", "B", "C", "D"]), name="tension_item_reliability_known"
            ),
        ]

    def __str__(self) -> str:
        area = self.borough.name if self.borough_id and self.borough else "London"
        return f"{self.get_category_display()} item, {area}, week of {self.week_starting:%-d %b %Y}"


class ImpactAssessment(models.Model):
    """A community impact assessment (CIA) of an incident: structured, reviewed on set dates."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="impact_assessments")
    assessed_on = models.DateField(validators=bounds.date_validators())
    next_review_on = models.DateField(validators=bounds.date_validators())
    level = models.PositiveSmallIntegerField(choices=scale.CHOICES, validators=_level_validators())
    background = models.TextField(validators=bounds.text_validators())
    communities_affected = models.TextField(validators=bounds.text_validators())
    impact = models.TextField("Likely impact on communities", validators=bounds.text_validators())
    risks = models.TextField("Risks and concerns", blank=True, validators=bounds.text_validators())
    mitigation = models.TextField("Engagement and mitigation", blank=True, validators=bounds.text_validators())
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            _level_check("level", "cia"),
            *(_text(f, "cia") for f in ("background", "communities_affected", "impact", "risks", "mitigation")),
            bounds.in_order(
                "assessed_on",
                "next_review_on",
                "tension_cia_review_after",
                "The next review must follow the assessment.",
            ),
        ]

    def __str__(self) -> str:
        return f"Community impact assessment of {self.incident}, {self.assessed_on:%-d %b %Y}"


class AdvisoryMember(models.Model):
    """A named independent adviser or community member of an incident's advisory cell."""

    class Kind(models.TextChoices):
        IAG = "iag", "Independent advisory group member"
        ADVISER = "adviser", "Independent adviser"
        COMMUNITY = "community", "Community member"
        FAITH = "faith", "Faith leader"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="advisers")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    affiliation = models.CharField(max_length=200, blank=True)
    briefed_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Advice(models.Model):
    """Advice given to the command team by the advisory cell, with the decision taken on it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="advice")
    adviser = models.ForeignKey(AdvisoryMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    given_on = models.DateField(validators=bounds.date_validators())
    advice = models.TextField(validators=bounds.text_validators())
    decision = models.TextField("Decision taken", blank=True, validators=bounds.text_validators())
    decided_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [_text("advice", "advice"), _text("decision", "advice")]

    def __str__(self) -> str:
        return f"Advice of {self.given_on:%-d %b %Y} on {self.incident}"


class TimelineEntry(models.Model):
    """One moment of an incident: a briefing, engagement, a message, a decision, a patrol."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", "Briefing"
        ENGAGEMENT = "engagement", "Engagement"
        PATROL = "patrol", "Reassurance patrol"
        MESSAGE = "message", "Message sent"
        DECISION = "decision", "Decision"
        NOTE = "note", "Note"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(validators=bounds.datetime_validators())
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(validators=bounds.text_validators())
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        constraints = [_text("text", "timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%-d %b %Y %H:%M}"


class KinContact(models.Model):
    """A contact with a member of a key individual network about an incident: who (the network's own record of
    them, not a typed name), when, how and what was said."""

    class How(models.TextChoices):
        PHONE = "phone", "Telephone"
        IN_PERSON = "in_person", "In person"
        MESSAGE = "message", "Email or text message"
        MEETING = "meeting", "Meeting or briefing"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="kin_contacts")
    member = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    network = models.ForeignKey(CommunityGroup, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(validators=bounds.datetime_validators())
    how = models.CharField(max_length=12, choices=How.choices)
    summary = models.TextField(validators=bounds.text_validators())
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            _text("summary", "kin_contact"),
            models.CheckConstraint(
                condition=models.Q(how__in=["phone", "in_person", "message", "meeting"]),
                name="tension_kin_contact_how_known",
            ),
        ]

    def __str__(self) -> str:
        return f"Key individual contact at {self.at:%-d %b %Y %H:%M}"

    @property
    def who(self) -> str:
        name = self.member.name if self.member_id and self.member else "(name removed)"
        return f"{name}, {self.network}" if self.network_id and self.network else name
