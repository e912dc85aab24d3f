from typing import Any

from django import forms

from activities.models import Activity, CommunityOfInterest
from core import bounds
from core.forms import GovukForm, GovukModelForm
from practice.models import PlanTarget, WardPlan


class PlanForm(GovukForm):
    profile_notes = forms.CharField(
        label="What the team knows about the ward",
        required=False,
        max_length=bounds.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Natural neighbourhoods, where people meet, survey results, the methods people here prefer",
    )
    feedback_mechanism = forms.ChoiceField(
        label="How the team will give feedback",
        choices=[("", "Not chosen yet"), *WardPlan.Feedback.choices],
        required=False,
    )
    feedback_details = forms.CharField(
        label="How feedback will be given",
        required=False,
        max_length=bounds.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a “you said, we did” board at the panel meeting and in the ward newsletter",
    )


def _communities() -> Any:
    return CommunityOfInterest.objects.filter(is_active=True)


class CommunityForm(GovukForm):
    community = forms.ModelChoiceField(label="Community to reach", queryset=CommunityOfInterest.objects.none())
    methods = forms.MultipleChoiceField(
        label="Methods for this community",
        choices=Activity.Method.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one method for this community"},
    )
    why = forms.CharField(label="Why this community (optional)", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = _communities()  # type: ignore[attr-defined]


class TargetForm(GovukModelForm):
    class Meta:
        model = PlanTarget
        fields = ["community", "method", "measure", "number", "note"]
        labels = {"number": "Target number", "note": "Note (optional)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = _communities()  # type: ignore[attr-defined]
        self.fields["community"].empty_label = "Everyone in the ward"  # type: ignore[attr-defined]
        self.fields["number"].min_value = 1  # type: ignore[attr-defined]
        self.fields["number"].validators.append(_at_least_one)


def _at_least_one(value: int) -> None:
    if value is not None and value < 1:
        raise forms.ValidationError("The target number must be 1 or more")


class ReviewForm(GovukForm):
    notes = forms.CharField(
        label="What the team learned, and what it will change",
        max_length=bounds.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
