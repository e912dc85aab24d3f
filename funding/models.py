"""Funding of borough engagement groups and partnership projects (the oversight body's 2006 objective 2).

A Round has a budget and an application window; an Allocation is one group's application in a round and, once
decided, what it was given and on what conditions; Claims (for payment) and spend returns, each with its receipt,
draw on an allocation and never beyond it; an Evaluation reports what the funded project achieved.

Money is held as Decimal pounds and pence (`DecimalField(max_digits=10, decimal_places=2)`), bounded in the model
and by a database check, never negative.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core import bounds
from core.models import TimeStampedModel
from groups.models import CommunityGroup
from places.models import Borough
from plans.models import Action

PENNY = Decimal("0.01")
MAX_MONEY = bounds.MAX_MONEY
MAX_RECEIPT_BYTES = 10 * 1024 * 1024
RECEIPT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def money_field(label: str, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(PENNY), MaxValueValidator(MAX_MONEY)],
        **kwargs,  # type: ignore[arg-type]
    )


class Round(TimeStampedModel):
    class Kind(models.TextChoices):
        BOROUGH_GROUPS = "borough_groups", "Borough engagement groups"
        PARTNERSHIP = "partnership", "Partnership projects"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOROUGH_GROUPS)
    purpose = models.TextField(validators=bounds.text_validators())
    criteria = models.TextField(help_text="What a project must do to be funded", validators=bounds.text_validators())
    budget = money_field("Budget (£)")
    opens_on = models.DateField("Opens", validators=bounds.date_validators())
    closes_on = models.DateField("Closes", validators=bounds.date_validators())
    plan_action = models.ForeignKey(
        Action,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The action plan's action whose budget this round spends, if any",
    )
    is_fictional = models.BooleanField(default=False, help_text="A fictional demonstration round")

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            bounds.number_within("budget", "funding_round_budget_bounded", MAX_MONEY, PENNY),
            bounds.in_order("opens_on", "closes_on", "funding_round_closes_after_opening"),
            bounds.text_within("name", "funding_round_name_bounded", 200),
            bounds.text_within("purpose", "funding_round_purpose_bounded"),
            bounds.text_within("criteria", "funding_round_criteria_bounded"),
            models.CheckConstraint(
                condition=models.Q(opens_on__gte=bounds.EARLIEST_DATE, closes_on__lte=bounds.LATEST_DATE),
                name="funding_round_dates_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:round", args=[self.pk])


class Allocation(TimeStampedModel):
    """One group's application in a round and, once decided, its allocation."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        ALLOCATED = "allocated", "Allocated"
        DECLINED = "declined", "Declined"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="allocations")
    group = models.ForeignKey(CommunityGroup, on_delete=models.PROTECT, related_name="+")
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Empty: London-wide"
    )
    project = models.CharField("Project", max_length=200)
    summary = models.TextField("What the money is for", validators=bounds.text_validators())
    requested = money_field("Amount requested (£)")
    amount = money_field("Amount allocated (£)", null=True, blank=True)
    conditions = models.TextField(blank=True, validators=bounds.text_validators())
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who sent or recorded the application (the group's own officer, or funding staff)",
    )

    class Meta:
        ordering = ["round", "borough__name", "project"]
        constraints = [
            models.UniqueConstraint(fields=["round", "group", "project"], name="funding_allocation_unique"),
            bounds.number_within("requested", "funding_allocation_requested_bounded", MAX_MONEY, PENNY),
            bounds.number_within("amount", "funding_allocation_amount_bounded", MAX_MONEY, PENNY),
            models.CheckConstraint(
                condition=~models.Q(status="allocated") | models.Q(amount__isnull=False),
                name="funding_allocation_allocated_has_amount",
            ),
            bounds.text_within("project", "funding_allocation_project_bounded", 200),
            bounds.text_within("summary", "funding_allocation_summary_bounded"),
            bounds.text_within("conditions", "funding_allocation_conditions_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.group.name})"

    def get_absolute_url(self) -> str:
        return reverse("funding:allocation", args=[self.pk])

    @property
    def is_allocated(self) -> bool:
        return self.status == self.Status.ALLOCATED


class Claim(TimeStampedModel):
    """A claim for payment or a spend return against an allocation, with its receipt."""

    class Kind(models.TextChoices):
        CLAIM = "claim", "Claim for payment"
        RETURN = "return", "Spend return"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLAIM)
    amount = money_field("Amount (£)")
    description = models.CharField("What it was spent on", max_length=300)
    spent_on = models.DateField("Date of spend", validators=bounds.date_validators())
    receipt = models.FileField(upload_to="funding/receipts/%Y/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["allocation", "spent_on", "pk"]
        constraints = [
            bounds.number_within("amount", "funding_claim_amount_bounded", MAX_MONEY, PENNY),
            bounds.text_within("description", "funding_claim_description_bounded", 300),
            models.CheckConstraint(
                condition=models.Q(spent_on__gte=bounds.EARLIEST_DATE, spent_on__lte=bounds.LATEST_DATE),
                name="funding_claim_date_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount} for {self.allocation.project}"


class Payment(TimeStampedModel):
    """Money paid to the group against an allocation: never more, in all, than was allocated."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("Date paid", validators=bounds.date_validators())
    amount = money_field("Amount paid (£)")
    reference = models.CharField("Payment reference", max_length=60, help_text="The finance system's reference")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["allocation", "paid_on", "pk"]
        constraints = [
            bounds.number_within("amount", "funding_payment_amount_bounded", MAX_MONEY, PENNY),
            bounds.text_within("reference", "funding_payment_reference_bounded", 60),
            models.CheckConstraint(
                condition=models.Q(paid_on__gte=bounds.EARLIEST_DATE, paid_on__lte=bounds.LATEST_DATE),
                name="funding_payment_date_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"Payment £{self.amount} for {self.allocation.project}"


class Evaluation(TimeStampedModel):
    """The end-of-year evaluation of one funded project."""

    class Verdict(models.TextChoices):
        MET = "met", "Objectives met"
        PARTLY = "partly", "Objectives partly met"
        NOT_MET = "not_met", "Objectives not met"

    allocation = models.OneToOneField(Allocation, on_delete=models.PROTECT, related_name="evaluation")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    outcomes = models.TextField("What the project achieved", validators=bounds.text_validators())
    people_reached = models.PositiveIntegerField(
        "People reached", validators=[MaxValueValidator(bounds.MAX_REACH)], null=True, blank=True
    )
    lessons = models.TextField("Lessons for future rounds", blank=True, validators=bounds.text_validators())
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            bounds.number_within("people_reached", "funding_evaluation_reached_bounded", bounds.MAX_REACH),
            bounds.text_within("outcomes", "funding_evaluation_outcomes_bounded"),
            bounds.text_within("lessons", "funding_evaluation_lessons_bounded"),
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.allocation.project}"
