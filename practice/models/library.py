"""The good-practice library and the quarterly Top 10."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, CommunityOfInterest
from core import bounds
from core.models import TimeStampedModel
from languages import content


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
        ASB = "asb", _("Antisocial behaviour")
        YOUTH = "youth", _("Young people and youth safety")
        VAWG = "vawg", _("Violence against women and girls")
        HATE = "hate", _("Hate crime")
        STOP_SEARCH = "stop_search", _("Stop and search")
        TRUST = "trust", _("Trust and confidence")
        ROADS = "roads", _("Road safety")
        ACQUISITIVE = "acquisitive", _("Burglary, theft and robbery")
        DRUGS = "drugs", _("Drugs")
        OTHER = "other", _("Other")

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
        "People reached",
        validators=bounds.count_validators(bounds.MAX_REACH),
        help_text="Who came: attendance where recorded, else reach",
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
    translations = content.translations_field()  # the title, what was done and what came of it (the Top 10's texts)

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
