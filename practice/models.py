"""Planning from knowledge: ward engagement plans, the good-practice library and its quarterly Top 10,
and how-to guides assembled into packs for each role.

A ward's plan records the team's choices (communities to reach, methods per community, the feedback
mechanism, six-month targets); its evidence is read from other apps' queries when the plan is shown, never
copied, except into a review, which keeps what the register showed on the day it was held.
"""

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


# ---------------------------------------------------------------- the good-practice library and the Top 10


def financial_quarter(day: date) -> tuple[str, str, date, date]:
    """(label, slug, first day, last day) of the financial quarter (April to June is Q1) holding `day`."""
    fy = day.year if day.month >= 4 else day.year - 1
    q = ((day.month - 4) % 12) // 3 + 1
    first_month = 4 + 3 * (q - 1)
    start = date(fy + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    nm = start.month + 3
    end = date(start.year + (nm - 1) // 12, (nm - 1) % 12 + 1, 1) - timedelta(days=1)
    label = f"{fy}-{str(fy + 1)[2:]} Q{q}"
    return label, f"{fy}-{str(fy + 1)[2:]}-q{q}", start, end


class CaseStudy(TimeStampedModel):
    """An engagement activity from the register written up as a case study for others to learn from."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for review"
        ACCEPTED = "accepted", "In the library"
        DECLINED = "declined", "Not accepted"

    class Topic(models.TextChoices):
        ASB = "asb", "Antisocial behaviour"
        YOUTH = "youth", "Young people and youth safety"
        VAWG = "vawg", "Violence against women and girls"
        HATE = "hate", "Hate crime"
        STOP_SEARCH = "stop_search", "Stop and search"
        TRUST = "trust", "Trust and confidence"
        ROADS = "roads", "Road safety"
        ACQUISITIVE = "acquisitive", "Burglary, theft and robbery"
        DRUGS = "drugs", "Drugs"
        OTHER = "other", "Other"

    class CostFrom(models.TextChoices):
        REGISTER = "register", "The register"
        CASE = "case", "The case study (the register has none)"

    title = models.CharField(max_length=200)
    activities = models.ManyToManyField(Activity, related_name="+")
    method = models.CharField(max_length=20, choices=Activity.Method.choices)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    communities = models.ManyToManyField(CommunityOfInterest, blank=True, related_name="+")
    unit_name = models.CharField(max_length=200, help_text="The unit that ran it, as it was named")
    held_on = models.DateField(validators=bounds.date_validators())
    what = models.TextField("What was done", validators=bounds.text_validators())
    why = models.TextField("Why", validators=bounds.text_validators())
    who_took_part = models.TextField(
        "Who took part", validators=bounds.text_validators(), help_text="Groups and communities, never names"
    )
    outcome = models.TextField("What came of it", validators=bounds.text_validators())
    do_differently = models.TextField("What they would do differently", blank=True, validators=bounds.text_validators())
    cost = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=bounds.money_validators()
    )
    cost_from = models.CharField(max_length=10, choices=CostFrom.choices, default=CostFrom.REGISTER)
    reach = models.PositiveIntegerField(
        "People reached", validators=bounds.count_validators(bounds.MAX_REACH), help_text="Attendance plus reach"
    )
    outcomes = models.PositiveIntegerField(
        "Outcomes achieved",
        default=1,
        validators=bounds.count_validators(),
        help_text="Things that changed because of it: problems solved, priorities set, people who joined",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    reviewer_note = models.TextField(blank=True, validators=bounds.text_validators())
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name_plural = "case studies"
        constraints = [
            *(
                bounds.text_within(f, f"practice_casestudy_{f}_length")
                for f in ("what", "why", "who_took_part", "outcome", "do_differently", "reviewer_note")
            ),
            bounds.number_within("cost", "practice_casestudy_cost_in_range", bounds.MAX_MONEY),
            bounds.number_within("reach", "practice_casestudy_reach_in_range", bounds.MAX_REACH),
            bounds.number_within("outcomes", "practice_casestudy_outcomes_in_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:case", args=[self.pk])

    @property
    def quarter(self) -> str:
        return financial_quarter(self.held_on)[0]


class TopTen(models.Model):
    """A quarter's Top 10 of the most cost-effective engagement, kept as history once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    label = models.CharField(max_length=20, unique=True)
    slug = models.SlugField(max_length=20, unique=True)
    starts_on = models.DateField(validators=bounds.date_validators())
    ends_on = models.DateField(validators=bounds.date_validators())
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True, validators=bounds.text_validators())
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            bounds.text_within("introduction", "practice_topten_introduction_length"),
            bounds.in_order("starts_on", "ends_on", "practice_topten_in_order"),
        ]

    def __str__(self) -> str:
        return f"Top 10, {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("practice:top_ten_quarter", args=[self.slug])


class TopTenEntry(models.Model):
    top_ten = models.ForeignKey(TopTen, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey(CaseStudy, on_delete=models.PROTECT, related_name="top_ten_entries")
    rank = models.PositiveSmallIntegerField(validators=bounds.count_validators(10))
    cost_per_person = models.DecimalField(max_digits=12, decimal_places=2)
    cost_per_outcome = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField("Reviewers' note", blank=True, validators=bounds.text_validators())

    class Meta:
        ordering = ["top_ten", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["top_ten", "rank"], name="practice_toptenentry_rank_unique"),
            models.UniqueConstraint(fields=["top_ten", "case"], name="practice_toptenentry_case_unique"),
            bounds.text_within("note", "practice_toptenentry_note_length"),
            bounds.number_within("rank", "practice_toptenentry_rank_in_range", 10, 1),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.case}"


# ---------------------------------------------------------------- guides and packs


class Audience(models.TextChoices):
    """Whom a guide or pack is for: each staff role, and the members of community groups."""

    EVERYONE = "everyone", "Everyone"
    NEIGHBOURHOOD_OFFICER = "neighbourhood_officer", "Neighbourhood officers"
    ENGAGEMENT_LEAD = "engagement_lead", "Unit engagement leads"
    BOROUGH_CHAMPION = "borough_champion", "Borough engagement champions"
    CENTRAL_CHAMPION = "central_champion", "Central engagement champion"
    OVERSIGHT_READER = "oversight_reader", "Oversight readers"
    PARTNER = "partner", "Partners"
    ADMINISTRATOR = "administrator", "Administrators"
    PANEL_CHAIR = "panel_chair", "Chairs of ward panels and groups"
    PANEL_MEMBER = "panel_member", "Members of ward panels and groups"


class Guide(TimeStampedModel):
    """A how-to guide, versioned: each change to its text is a new version, the old ones kept."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=Audience.choices)
    summary = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_role = models.CharField(
        "Owning post", max_length=150, help_text="The post that keeps it up to date, e.g. Central engagement champion"
    )
    review_due = models.DateField(validators=bounds.date_validators())

    class Meta:
        ordering = ["audience", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:guide", args=[self.slug])

    @property
    def current(self) -> "GuideVersion | None":
        return self.versions.order_by("-number").first()


class GuideVersion(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(validators=bounds.count_validators())
    body = models.TextField(
        validators=bounds.text_validators(), help_text="Plain text: a blank line between paragraphs"
    )
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="practice_guideversion_unique"),
            bounds.text_within("body", "practice_guideversion_body_length"),
            bounds.number_within("number", "practice_guideversion_number_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"


class Pack(TimeStampedModel):
    """A pack for one audience, assembled from guides and briefing documents (groups' briefings)."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=Audience.choices)
    description = models.TextField(blank=True, validators=bounds.text_validators())
    guides = models.ManyToManyField(Guide, blank=True, related_name="packs")
    briefings = models.ManyToManyField(
        "groups.BriefingPack", blank=True, related_name="+", help_text="Documents kept with the groups' briefings"
    )
    required = models.BooleanField(default=True, help_text="Everyone in the audience must have it")

    class Meta:
        ordering = ["audience", "title"]
        constraints = [bounds.text_within("description", "practice_pack_description_length")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:pack", args=[self.slug])


class PackReceipt(models.Model):
    """A pack given to a member of staff (who acknowledges it themselves) or to a group member."""

    pack = models.ForeignKey(Pack, on_delete=models.PROTECT, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey("groups.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(validators=bounds.date_validators())
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    versions: models.JSONField[dict[str, int]] = models.JSONField(default=dict, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, member__isnull=True)
                | models.Q(user__isnull=True, member__isnull=False),
                name="practice_packreceipt_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["pack", "user"], condition=models.Q(user__isnull=False), name="practice_packreceipt_user"
            ),
            models.UniqueConstraint(
                fields=["pack", "member"], condition=models.Q(member__isnull=False), name="practice_packreceipt_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pack} given on {self.sent_on}"
