from typing import Any

from django import forms

from activities.models import Activity, CommunityOfInterest
from core import bounds
from core.forms import GovukDateField, GovukForm, GovukModelForm
from groups.models import BriefingPack
from practice.models import Audience, CaseStudy, Guide, PlanTarget, WardPlan


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
    why = forms.CharField(label="Why this community", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = _communities()  # type: ignore[attr-defined]


class TargetForm(GovukModelForm):
    class Meta:
        model = PlanTarget
        fields = ["community", "method", "measure", "number", "note"]
        labels = {"number": "Target number", "note": "Note"}

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


class CaseForm(GovukForm):
    activity = forms.ModelChoiceField(
        label="Register activity",
        queryset=Activity.objects.none(),
        help_text="A held activity your unit ran. Its method, date and unit come from the register.",
    )
    title = forms.CharField(label="Title", max_length=200)
    topic = forms.ChoiceField(label="Topic", choices=[("", "Choose a topic"), *CaseStudy.Topic.choices])
    communities = forms.ModelMultipleChoiceField(
        label="Communities it reached",
        queryset=CommunityOfInterest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty to use the communities recorded in the register",
    )
    what = forms.CharField(label="What was done", max_length=bounds.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}))
    why = forms.CharField(label="Why", max_length=bounds.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    who_took_part = forms.CharField(
        label="Who took part",
        max_length=bounds.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Groups and communities: never name people",
    )
    outcome = forms.CharField(
        label="What came of it", max_length=bounds.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    do_differently = forms.CharField(
        label="What you would do differently",
        required=False,
        max_length=bounds.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost = forms.DecimalField(
        label="Cost in pounds (only if the register has none)",
        required=False,
        min_value=0,
        max_value=bounds.MAX_MONEY,
        decimal_places=2,
        max_digits=10,
        help_text="Officer time, venue, printing, refreshments. Leave empty to use the register's recorded cost.",
    )
    reach = forms.IntegerField(
        label="People reached",
        required=False,
        min_value=0,
        max_value=bounds.MAX_REACH,
        help_text="Leave empty to use the register: each activity's attendance, else its group's minutes, else reach",
    )
    outcomes = forms.IntegerField(
        label="Outcomes achieved",
        min_value=1,
        max_value=bounds.MAX_COUNT,
        initial=1,
        help_text="Things that changed because of it: problems solved, priorities set, people who joined a panel",
    )

    def __init__(self, *args: Any, activities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["communities"].queryset = _communities()  # type: ignore[attr-defined]


class CaseReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept into the library"), ("decline", "Do not accept")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Reviewer's note", required=False, max_length=bounds.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class EntryNoteForm(GovukForm):
    note = forms.CharField(
        label="Reviewers' note", max_length=bounds.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(GovukForm):
    introduction = forms.CharField(
        label="Introduction for the public page",
        max_length=bounds.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DraftForm(GovukForm):
    quarter = forms.ChoiceField(label="Quarter")

    def __init__(self, *args: Any, quarters: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarters  # type: ignore[attr-defined]


class GuideForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    slug = forms.SlugField(
        label="Short name (in its address)", max_length=120, help_text="Lower-case letters, numbers and hyphens"
    )
    audience = forms.ChoiceField(label="For", choices=Audience.choices)
    summary = forms.CharField(label="Summary", max_length=300)
    owner_role = forms.CharField(label="Owning post", max_length=150, help_text="The post that keeps it up to date")
    owner_email = forms.EmailField(
        label="Owner's email address", required=False, help_text="A member of staff with an account"
    )
    review_due = GovukDateField(
        label="Review by", label_for_errors="The review date", validators=bounds.date_validators()
    )
    body = forms.CharField(
        label="Text",
        max_length=bounds.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="Plain text. Leave a blank line between paragraphs. Lines starting “- ” are shown as they are.",
    )
    change_note = forms.CharField(label="What changed", required=False, max_length=300)


class PackForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    slug = forms.SlugField(label="Short name (in its address)", max_length=120)
    audience = forms.ChoiceField(label="For", choices=Audience.choices)
    description = forms.CharField(
        label="Description", required=False, max_length=bounds.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    required = forms.BooleanField(label="Everyone in this audience must have it", required=False, initial=True)
    guides = forms.ModelMultipleChoiceField(
        label="Guides", queryset=Guide.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    briefings = forms.ModelMultipleChoiceField(
        label="Briefing documents (from the groups' briefings)",
        queryset=BriefingPack.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class GiveForm(GovukForm):
    email = forms.EmailField(label="Member of staff's email address", required=False)
    member = forms.IntegerField(label="Or group member", required=False, widget=forms.Select)

    def __init__(self, *args: Any, members: list[tuple[Any, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["member"].widget.choices = [("", "Choose a group member"), *members]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("email")) == bool(data.get("member")):
            self.add_error("email", "Give a member of staff's email address or choose a group member, not both")
        return data
