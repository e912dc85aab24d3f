"""Forms of the funding pages; the services hold the rules (money left, dates, who may)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from core.forms import GovukDateField, GovukForm
from funding.models import MAX_MONEY, PENNY, Claim, Evaluation, Round
from groups.models import CommunityGroup
from plans.models import Action


def money_field(label: str, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=10,
        decimal_places=2,
        min_value=PENNY,
        max_value=MAX_MONEY,
        error_messages={
            "invalid": f"{label}: give an amount in pounds, like 1250.00",
            "min_value": f"{label} must be more than £0",
            "max_value": f"{label} must be at most £{MAX_MONEY:,}",
            "max_decimal_places": f"{label}: give whole pence (at most 2 decimal places)",
            "max_digits": f"{label} must be at most £{MAX_MONEY:,}",
            "max_whole_digits": f"{label} must be at most £{MAX_MONEY:,}",
        },
        **kwargs,
    )


class RoundForm(GovukForm):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(label="Who may apply", choices=Round.Kind.choices, widget=forms.RadioSelect)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="What a project must do to be funded"
    )
    budget = money_field("Budget (£)")
    opens_on = GovukDateField(label="Opens", label_for_errors="The opening date")
    closes_on = GovukDateField(label="Closes", label_for_errors="The closing date")
    plan_action = forms.ModelChoiceField(
        queryset=Action.objects.none(),
        required=False,
        label="Action plan action",
        help_text="The action whose budget this round spends: the plan's board report shows what it allocated",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["plan_action"]
        field.queryset = Action.objects.filter(budget__isnull=False).select_related("plan").order_by("plan", "pk")
        field.label_from_instance = lambda a: f"{a.plan.title}: {a.reference} {a.description[:60]}"


class ApplicationForm(GovukForm):
    group = forms.ModelChoiceField(queryset=CommunityGroup.objects.none(), label="Group applying")
    project = forms.CharField(max_length=200, label="Project")
    summary = forms.CharField(label="What the money is for", widget=forms.Textarea(attrs={"rows": 3}))
    requested = money_field("Amount requested (£)")

    def __init__(self, *args: Any, groups: QuerySet[CommunityGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["group"]
        field.queryset = groups


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision", choices=[("allocate", "Allocate"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    amount = money_field("Amount allocated (£)", required=False)
    conditions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="What the group must do to be paid"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "allocate" and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", "Enter the amount allocated")
        return data


class ClaimForm(GovukForm):
    kind = forms.ChoiceField(label="Kind", choices=Claim.Kind.choices, widget=forms.RadioSelect)
    amount = money_field("Amount (£)")
    description = forms.CharField(max_length=300, label="What it was spent on")
    spent_on = GovukDateField(label="Date of spend", label_for_errors="The date of spend")
    receipt = forms.FileField(
        required=False, label="Receipt", help_text="PDF, JPEG or PNG, at most 10 MB; needed for a spend return"
    )


class PaymentForm(GovukForm):
    amount = money_field("Amount paid (£)")
    paid_on = GovukDateField(label="Date paid", label_for_errors="The date paid")
    reference = forms.CharField(
        max_length=60, label="Payment reference", help_text="The finance system's reference for this payment"
    )


class EvaluationForm(GovukForm):
    verdict = forms.ChoiceField(label="Verdict", choices=Evaluation.Verdict.choices, widget=forms.RadioSelect)
    outcomes = forms.CharField(label="What the project achieved", widget=forms.Textarea(attrs={"rows": 4}))
    people_reached = forms.IntegerField(label="People reached", required=False, min_value=0, max_value=1_000_000_000)
    lessons = forms.CharField(
        label="Lessons for future rounds", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
