from typing import Any

from django import forms

from core.forms import GovukForm, style_widgets
from places.models import Ward
from priorities.models import Category, Issue, Priority, Review


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.borough.name})"


def ward_field(required: bool = False, label: str = "Or choose the ward") -> WardChoiceField:
    return WardChoiceField(
        queryset=Ward.objects.select_related("borough").order_by("borough__name", "name"),
        required=required,
        label=label,
        empty_label="Choose a ward",
    )


class IssueForm(GovukForm):
    category = forms.ChoiceField(
        label="What kind of problem is it?", choices=Category.choices, widget=forms.RadioSelect
    )
    postcode = forms.CharField(
        label="Postcode where it happens", required=False, max_length=10, help_text="For example, SE6 4RU"
    )
    ward = ward_field()
    address = forms.CharField(
        label="Street or place",
        required=False,
        max_length=255,
        help_text="For example, the alley behind 12 High Street",
    )
    latitude = forms.DecimalField(label="Latitude of the spot", required=False, max_digits=8, decimal_places=6)
    longitude = forms.DecimalField(label="Longitude of the spot", required=False, max_digits=9, decimal_places=6)
    description = forms.CharField(
        label="What is happening?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="Do not include other people's names. To report a crime call 101, or 999 in an emergency.",
        error_messages={"required": "Describe the problem."},
    )
    frequency = forms.ChoiceField(
        label="How often does it happen?", choices=Issue.Frequency.choices, widget=forms.RadioSelect
    )
    contact_name = forms.CharField(label="Your name", required=False, max_length=150)
    contact_email = forms.EmailField(
        label="Email address", required=False, help_text="To get a confirmation and hear what was done"
    )
    contact_phone = forms.CharField(label="Phone number", required=False, max_length=30)
    # Honeypot: hidden from people (visually and from assistive technology); bots fill it in.
    website = forms.CharField(label="Leave this empty", required=False)

    public_fields = [
        "category",
        "postcode",
        "ward",
        "address",
        "description",
        "frequency",
        "contact_name",
        "contact_email",
        "contact_phone",
    ]

    def __init__(self, *args: Any, activities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if activities is not None:
            self.fields["activity"] = forms.ModelChoiceField(
                queryset=activities, required=False, label="Heard at (activity)", empty_label="Not at an activity"
            )
        style_widgets(self)  # style the fields added above

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", "Enter both the latitude and the longitude, or neither.")
        return data


class IssueStatusForm(GovukForm):
    status = forms.ChoiceField(label="Status", choices=Issue.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Note for the team", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class IssueFilterForm(GovukForm):
    ward = forms.CharField(label="Ward code", required=False, max_length=9)
    category = forms.ChoiceField(label="Category", required=False, choices=[("", "Any"), *Category.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *Issue.Status.choices])
    date_from = forms.DateField(label="Raised from", required=False, help_text="YYYY-MM-DD")
    date_to = forms.DateField(label="Raised to", required=False, help_text="YYYY-MM-DD")


def _issue_label(i: Issue) -> str:
    return f"{i.reference}: {i.get_category_display()}: {i.description[:100]}"


class PriorityForm(GovukForm):
    category = forms.ChoiceField(label="Category", choices=Category.choices)
    issue = forms.CharField(label="The priority", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    action = forms.CharField(
        label="What the police and partners will do", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    set_by = forms.ChoiceField(label="Set by", choices=Priority.SetBy.choices, widget=forms.RadioSelect)
    review_by = forms.DateField(label="Review by", help_text="YYYY-MM-DD, usually in two or three months")
    issues = forms.ModelMultipleChoiceField(
        queryset=Issue.objects.none(),
        required=False,
        label="Issues raised that this priority answers",
        widget=forms.CheckboxSelectMultiple,
        help_text="People who raised them and asked to hear back will be told what was done.",
    )

    def __init__(self, *args: Any, ward: Ward, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["issues"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        open_ids = Issue.objects.filter(ward=ward, status__in=[Issue.Status.NEW, Issue.Status.REVIEWED]).values_list(
            "pk", flat=True
        )[:50]
        field.queryset = Issue.objects.filter(pk__in=list(open_ids))
        field.label_from_instance = _issue_label  # type: ignore[method-assign,assignment]


class ReviewForm(GovukForm):
    done = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    outcome = forms.ChoiceField(label="Outcome", choices=Review.Outcome.choices, widget=forms.RadioSelect)
    next_review_by = forms.DateField(label="Next review by (if continued)", required=False, help_text="YYYY-MM-DD")
    replacement_category = forms.ChoiceField(
        label="Replacement priority category (if replaced)", required=False, choices=[("", "None"), *Category.choices]
    )
    replacement_issue = forms.CharField(
        label="Replacement priority (if replaced)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    replacement_action = forms.CharField(
        label="What will be done about it (if replaced)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    replacement_review_by = forms.DateField(
        label="Replacement review by (if replaced)", required=False, help_text="YYYY-MM-DD"
    )
    publish = forms.BooleanField(
        label='Publish what was done as "we did" now, and tell everyone who asked to hear back',
        required=False,
        initial=True,
    )


class RoundForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200, initial="Choose the ward's next priority")
    opens_at = forms.DateTimeField(label="Opens", help_text="YYYY-MM-DD HH:MM")
    closes_at = forms.DateTimeField(label="Closes", help_text="YYYY-MM-DD HH:MM")
    option_1_category = forms.ChoiceField(label="Proposal 1 category", choices=Category.choices)
    option_1 = forms.CharField(label="Proposal 1", max_length=2000)
    option_2_category = forms.ChoiceField(label="Proposal 2 category", choices=Category.choices)
    option_2 = forms.CharField(label="Proposal 2", max_length=2000)
    option_3_category = forms.ChoiceField(label="Proposal 3 category", choices=Category.choices, required=False)
    option_3 = forms.CharField(label="Proposal 3", max_length=2000, required=False)
    option_4_category = forms.ChoiceField(label="Proposal 4 category", choices=Category.choices, required=False)
    option_4 = forms.CharField(label="Proposal 4", max_length=2000, required=False)

    def options(self) -> list[dict[str, str]]:
        d = self.cleaned_data
        return [
            {"category": d.get(f"option_{i}_category") or "other", "issue": d.get(f"option_{i}") or ""}
            for i in range(1, 5)
        ]


class VoteForm(GovukForm):
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, options: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = forms.TypedChoiceField(
            label="Which should be the ward's priority?",
            coerce=int,
            widget=forms.RadioSelect,
            choices=[(o.pk, f"{o.get_category_display()}: {o.issue}") for o in options],
        )
        self.fields = {"choice": choice, **self.fields}  # type: ignore[assignment]
        style_widgets(self)  # style the fields added above


class AdoptForm(GovukForm):
    action = forms.CharField(label="What the police and partners will do", widget=forms.Textarea(attrs={"rows": 3}))
    review_by = forms.DateField(label="Review by", help_text="YYYY-MM-DD")


class IssueLookupForm(GovukForm):
    reference = forms.CharField(
        label="Reference number", max_length=20, help_text="From your confirmation email, for example ISS-2026-000123"
    )
    email = forms.EmailField(label="Email address you gave when you reported it")
