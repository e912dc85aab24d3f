from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm, style_widgets
from places.models import Ward
from priorities.models import Category, Issue, Priority, Review


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.borough.name})"


def ward_field(required: bool = False, label: Any = None) -> WardChoiceField:
    return WardChoiceField(
        queryset=Ward.objects.select_related("borough").order_by("borough__name", "name"),
        required=required,
        label=_("Or choose the ward") if label is None else label,
        empty_label=_("Choose a ward"),
    )


class IssueForm(GovukForm):
    category = forms.ChoiceField(
        label=_("What kind of problem is it?"), choices=Category.choices, widget=forms.RadioSelect
    )
    postcode = forms.CharField(
        label=_("Postcode where it happens"), required=False, max_length=10, help_text=_("For example, SE6 4RU")
    )
    ward = ward_field()
    address = forms.CharField(
        label=_("Street or place"),
        required=False,
        max_length=255,
        help_text=_("For example, the alley behind 12 High Street"),
    )
    latitude = forms.DecimalField(label=_("Latitude of the spot"), required=False, max_digits=8, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude of the spot"), required=False, max_digits=9, decimal_places=6)
    description = forms.CharField(
        label=_("What is happening?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Do not include other people's names. To report a crime call 101, or 999 in an emergency."),
        error_messages={"required": _("Describe the problem.")},
    )
    frequency = forms.ChoiceField(
        label=_("How often does it happen?"), choices=Issue.Frequency.choices, widget=forms.RadioSelect
    )
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=150)
    contact_email = forms.EmailField(
        label=_("Email address"), required=False, help_text=_("To get a confirmation and hear what was done")
    )
    contact_phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    # Honeypot: hidden from people (visually and from assistive technology); bots fill it in.
    website = forms.CharField(label=_("Leave this empty"), required=False)

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
                queryset=activities, required=False, label=_("Heard at (activity)"), empty_label=_("Not at an activity")
            )
        style_widgets(self)  # style the fields added above

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Enter both the latitude and the longitude, or neither."))
        return data


class IssueStatusForm(GovukForm):
    status = forms.ChoiceField(label=_("Status"), choices=Issue.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note for the team"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class IssueFilterForm(GovukForm):
    ward = forms.CharField(label=_("Ward code"), required=False, max_length=9)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", "Any"), *Category.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "Any"), *Issue.Status.choices])
    date_from = forms.DateField(label=_("Raised from"), required=False, help_text=_("YYYY-MM-DD"))
    date_to = forms.DateField(label=_("Raised to"), required=False, help_text=_("YYYY-MM-DD"))


def _issue_label(i: Issue) -> str:
    return f"{i.reference}: {i.get_category_display()}: {i.description[:100]}"


class PriorityForm(GovukForm):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    issue = forms.CharField(label=_("The priority"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    action = forms.CharField(
        label=_("What the police and partners will do"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    set_by = forms.ChoiceField(label=_("Set by"), choices=Priority.SetBy.choices, widget=forms.RadioSelect)
    review_by = forms.DateField(label=_("Review by"), help_text=_("YYYY-MM-DD, usually in two or three months"))
    issues = forms.ModelMultipleChoiceField(
        queryset=Issue.objects.none(),
        required=False,
        label=_("Issues raised that this priority answers"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People who raised them and asked to hear back will be told what was done."),
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
    done = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Review.Outcome.choices, widget=forms.RadioSelect)
    next_review_by = forms.DateField(
        label=_("Next review by (if continued)"), required=False, help_text=_("YYYY-MM-DD")
    )
    replacement_category = forms.ChoiceField(
        label=_("Replacement priority category (if replaced)"),
        required=False,
        choices=[("", "None"), *Category.choices],
    )
    replacement_issue = forms.CharField(
        label=_("Replacement priority (if replaced)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    replacement_action = forms.CharField(
        label=_("What will be done about it (if replaced)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    replacement_review_by = forms.DateField(
        label=_("Replacement review by (if replaced)"), required=False, help_text=_("YYYY-MM-DD")
    )
    publish = forms.BooleanField(
        label='Publish what was done as "we did" now, and tell everyone who asked to hear back',
        required=False,
        initial=True,
    )


class RoundForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200, initial="Choose the ward's next priority")
    opens_at = forms.DateTimeField(label=_("Opens"), help_text=_("YYYY-MM-DD HH:MM"))
    closes_at = forms.DateTimeField(label=_("Closes"), help_text=_("YYYY-MM-DD HH:MM"))
    option_1_category = forms.ChoiceField(label=_("Proposal 1 category"), choices=Category.choices)
    option_1 = forms.CharField(label=_("Proposal 1"), max_length=2000)
    option_2_category = forms.ChoiceField(label=_("Proposal 2 category"), choices=Category.choices)
    option_2 = forms.CharField(label=_("Proposal 2"), max_length=2000)
    option_3_category = forms.ChoiceField(label=_("Proposal 3 category"), choices=Category.choices, required=False)
    option_3 = forms.CharField(label=_("Proposal 3"), max_length=2000, required=False)
    option_4_category = forms.ChoiceField(label=_("Proposal 4 category"), choices=Category.choices, required=False)
    option_4 = forms.CharField(label=_("Proposal 4"), max_length=2000, required=False)

    def options(self) -> list[dict[str, str]]:
        d = self.cleaned_data
        return [
            {"category": d.get(f"option_{i}_category") or "other", "issue": d.get(f"option_{i}") or ""}
            for i in range(1, 5)
        ]


class VoteForm(GovukForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, options: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = forms.TypedChoiceField(
            label=_("Which should be the ward's priority?"),
            coerce=int,
            widget=forms.RadioSelect,
            choices=[(o.pk, f"{o.get_category_display()}: {o.issue}") for o in options],
        )
        self.fields = {"choice": choice, **self.fields}  # type: ignore[assignment]
        style_widgets(self)  # style the fields added above


class AdoptForm(GovukForm):
    action = forms.CharField(label=_("What the police and partners will do"), widget=forms.Textarea(attrs={"rows": 3}))
    review_by = forms.DateField(label=_("Review by"), help_text=_("YYYY-MM-DD"))


class IssueLookupForm(GovukForm):
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=20,
        help_text=_("From your confirmation email, for example ISS-2026-000123"),
    )
    email = forms.EmailField(label=_("Email address you gave when you reported it"))
