from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm
from organisations.models import Unit
from plans.models import Plan, Rag, Section


class PlanForm(GovukForm):
    title = forms.CharField(label="Title", max_length=250)
    owner = forms.ModelChoiceField(
        label="Owner", queryset=Unit.objects.filter(is_active=True), help_text="The body that owns the plan"
    )
    period_label = forms.CharField(label="Period", max_length=60, required=False, help_text="For example, 2026-2029")
    issued_on = forms.DateField(label="Date of this version", required=False, help_text="For example, 2026-04-01")
    section_label = forms.CharField(
        label="What the plan calls its parts", max_length=40, initial="Principle", help_text="Principle, Objective…"
    )
    action_label = forms.CharField(label="What the plan calls its actions", max_length=40, initial="Action")
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    governance = forms.CharField(label="Governance", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(label="Status", choices=Plan.Status.choices, initial=Plan.Status.ACTIVE)
    is_public = forms.BooleanField(label="Anyone can read this plan on the site", required=False)


class SectionForm(GovukForm):
    number = forms.CharField(label="Number", max_length=20, required=False, help_text="For example, 3")
    title = forms.CharField(label="Title", max_length=500)
    statement = forms.CharField(label="Statement", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    equality_impact = forms.CharField(label="Equality impact", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    commitments = forms.CharField(
        label="Commitment statements",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line",
    )


class ActionForm(GovukForm):
    reference = forms.CharField(label="Reference", max_length=20, help_text="For example, 3.7")
    section = forms.ModelChoiceField(label="Section", queryset=Section.objects.none(), required=False)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 4}))
    sub_points = forms.CharField(
        label="Sub-points",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line",
    )
    lead_text = forms.CharField(
        label="Lead unit(s)",
        max_length=200,
        required=False,
        help_text="Short names as printed, for example CO11 & CO20",
    )
    outcome = forms.CharField(label="Intended outcome", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    performance_measure = forms.CharField(
        label="Performance measure", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    deadline_text = forms.CharField(
        label="Deadline",
        max_length=100,
        required=False,
        help_text="A date (2026-03-31 or March 2026), a period (Apr – Nov 2026) or “ongoing”",
    )
    budget_text = forms.CharField(
        label="Budget in pounds", max_length=40, required=False, help_text="For example, £13,000"
    )
    activity_ids = forms.CharField(
        label="Activities in the register that deliver it",
        max_length=500,
        required=False,
        help_text="Activity numbers, separated by commas, for example 12, 40",
    )

    def clean_activity_ids(self) -> list[int]:
        raw = self.cleaned_data.get("activity_ids") or ""
        parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        if any(not p.isdigit() for p in parts):
            raise forms.ValidationError("Give activity numbers only, separated by commas.")
        return [int(p) for p in parts]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = plan.sections.all()
        field.label = plan.section_label


class ProgressForm(GovukForm):
    reported_on = forms.DateField(
        label="Date of the update", required=False, help_text="For example, 2026-03-27. Leave empty for today."
    )
    status = forms.ChoiceField(label="Status", choices=Rag.choices, widget=forms.RadioSelect, required=False)
    narrative = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    percent_complete = forms.IntegerField(label="Percentage complete", required=False, min_value=0, max_value=100)
    milestone = forms.CharField(label="Milestone reached", max_length=200, required=False)
    evidence = forms.CharField(
        label="Evidence links",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="One web address per line, optionally followed by a space and a title",
    )

    def evidence_links(self) -> list[tuple[str, str]]:
        links = []
        for line in (self.cleaned_data.get("evidence") or "").splitlines():
            line = line.strip()
            if line:
                url, _, title = line.partition(" ")
                links.append((url, title))
        return links


class ReviewForm(GovukForm):
    issued_on = forms.DateField(label="Date of the new version", help_text="For example, 2027-04-01")
    title = forms.CharField(label="Title of the new version", max_length=250, required=False)
    period_label = forms.CharField(label="Period", max_length=60, required=False)


class ImportForm(GovukForm):
    file = forms.FileField(label="CSV or Excel file (.csv or .xlsx)")
    title = forms.CharField(label="Plan title", max_length=250)
    owner = forms.ModelChoiceField(label="Owner", queryset=Unit.objects.filter(is_active=True))
    period_label = forms.CharField(label="Period", max_length=60, required=False)
    issued_on = forms.DateField(label="Date of this version", required=False, help_text="For example, 2026-04-01")
    is_public = forms.BooleanField(label="Anyone can read this plan on the site", required=False)
    confirm = forms.BooleanField(
        label="Import now (leave unticked to preview the rows and check for errors first)", required=False
    )


class ReportDateForm(GovukForm):
    as_of = forms.DateField(label=_("Report as of"), required=False, help_text=_("For example, 2026-03-31"))
