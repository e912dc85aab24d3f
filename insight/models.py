"""Public confidence measures (the Public Attitude Survey's published results) per borough and period.

A Source says where figures came from; its `is_fictional` flag marks the demonstration series, and every page
that shows a fictional figure says so. A Result with no borough is London's figure.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core import bounds
from places.models import Borough

MAX_BASE = 1_000_000


class Measure(models.Model):
    """One survey measure, e.g. "Informed local": the share of people who feel well informed."""

    key = models.SlugField(
        max_length=60, unique=True, help_text="Short key used in imported files, e.g. informed-local"
    )
    label = models.CharField(max_length=120, unique=True)
    question = models.TextField("Question wording", validators=bounds.text_validators())
    source = models.CharField(max_length=300, blank=True, help_text="Where the wording comes from")
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("insight:measure", args=[self.key])


class Period(models.Model):
    class Kind(models.TextChoices):
        QUARTER = "quarter", "Quarter"
        ROLLING_12 = "rolling12", "Rolling 12 months"

    label = models.CharField(max_length=60, unique=True, help_text="As the published file names it, e.g. 2024-25 Q3")
    start = models.DateField(validators=bounds.date_validators())
    end = models.DateField(validators=bounds.date_validators())
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUARTER)

    class Meta:
        ordering = ["end", "kind", "label"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="insight_period_end_gte_start"),
            models.CheckConstraint(
                condition=models.Q(start__gte=bounds.EARLIEST_DATE, end__lte=bounds.LATEST_DATE),
                name="insight_period_dates_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Source(models.Model):
    """A publication (or the fictional demonstration series) that results were imported from."""

    name = models.CharField(max_length=200, unique=True)
    is_fictional = models.BooleanField(
        default=False, help_text="Fictional demonstration figures: every page showing them says so"
    )
    url = models.URLField(blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class Result(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="results")
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="Empty: London"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="results")
    proportion = models.FloatField(
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)], help_text="Share agreeing, 0 to 1"
    )
    base = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BASE)],
        help_text="People asked (unweighted base), where published",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="results")

    class Meta:
        ordering = ["measure", "period", "borough"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "borough", "period"],
                condition=models.Q(borough__isnull=False),
                name="insight_result_borough_unique",
            ),
            models.UniqueConstraint(
                fields=["measure", "period"],
                condition=models.Q(borough__isnull=True),
                name="insight_result_london_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(proportion__gte=0, proportion__lte=1), name="insight_result_proportion_0_1"
            ),
            models.CheckConstraint(
                condition=models.Q(base__isnull=True) | models.Q(base__gte=1, base__lte=MAX_BASE),
                name="insight_result_base_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.area_name} {self.period}: {self.percent}%"

    @property
    def area_name(self) -> str:
        return self.borough.name if self.borough_id and self.borough else "London"

    @property
    def percent(self) -> str:
        return f"{self.proportion * 100:.1f}".rstrip("0").rstrip(".") if self.proportion is not None else ""
