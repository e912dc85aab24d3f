"""Weekly tension assessments per borough (and London), the ward and community levels given with them, and the
items of information behind them."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from activities.models import Activity, CommunityOfInterest
from core import bounds
from organisations.models import Unit
from places.models import Borough, Ward
from tension import scale
from tension.models.common import level_check, level_validators, text_check
from tension.models.incidents import Incident


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
    level = models.PositiveSmallIntegerField(choices=scale.CHOICES, validators=level_validators())
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
            level_check("level", "assessment"),
            text_check("summary", "assessment"),
            text_check("review_note", "assessment"),
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
    level = models.PositiveSmallIntegerField(choices=scale.CHOICES, validators=level_validators())
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
            level_check("level", "area_level"),
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
            text_check("text", "item"),
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
