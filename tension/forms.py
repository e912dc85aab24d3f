"""Forms of the tension pages. They check shape only; who may file what, and where, is the services' rule."""

from typing import Any

from django import forms

from activities.models import CommunityOfInterest
from core import bounds
from core.forms import GovukDateField, GovukForm
from groups.models import Member
from places import reference
from places.forms import parse_wards
from places.models import Borough
from tension import scale
from tension.models import AdvisoryMember, Assessment, Incident, Item, KinContact, TimelineEntry

LONDON = "london"


def area_choices(london: bool, borough_ids: set[int] | None) -> list[tuple[str, str]]:
    out = [(LONDON, "London as a whole")] if london else []
    out += [(b.code, b.name) for b in reference.borough_list() if borough_ids is None or b.pk in borough_ids]
    return out


class AreaField(forms.Field):
    """A borough's code or "london": any borough is accepted here, so that the service, not the list, refuses
    one the person may not file for (with a message that says so)."""

    widget = forms.Select

    def to_python(self, value: Any) -> Any:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or len(value) > 20:
            raise forms.ValidationError("Choose a borough from the list.")
        if value == LONDON:
            return LONDON
        borough = Borough.objects.filter(code=value).first()
        if borough is None:
            raise forms.ValidationError("Choose a borough from the list.")
        return borough

    def clean(self, value: Any) -> Any:
        area = super().clean(value)
        return None if area == LONDON else area


def _level_field(label: str = "Level") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=scale.CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": f"Choose a level on the scale: {scale.SCALE_TEXT}."},
        help_text="Three tiers (normal, elevated, critical), two levels each.",
    )


class AssessmentForm(GovukForm):
    area = AreaField(label="Area")
    week = GovukDateField(
        label="A day in the week assessed", label_for_errors="The week", validators=bounds.date_validators()
    )
    level = _level_field()
    trend = forms.ChoiceField(label="Trend", choices=Assessment.Trend.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea, max_length=bounds.MAX_TEXT)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.choices = areas  # type: ignore[attr-defined]


class ReviewForm(GovukForm):
    level = _level_field()
    trend = forms.ChoiceField(label="Trend", choices=Assessment.Trend.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea, max_length=bounds.MAX_TEXT)
    review_note = forms.CharField(
        label="Review note", required=False, widget=forms.Textarea, max_length=bounds.MAX_TEXT
    )


class ItemForm(GovukForm):
    area = AreaField(label="Borough")
    week = GovukDateField(
        label="A day in the week it concerns", label_for_errors="The week", validators=bounds.date_validators()
    )
    category = forms.ChoiceField(
        label="Category",
        choices=Item.Category.choices,
        widget=forms.RadioSelect,
        help_text="Evidenced: seen or recorded; experienced: reported by those affected; potential: could happen.",
    )
    source_type = forms.ChoiceField(label="Source type", choices=Item.Source.choices, widget=forms.RadioSelect)
    reliability = forms.ChoiceField(
        label="Reliability of the source", choices=Item.Reliability.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label="What is known", widget=forms.Textarea, max_length=bounds.MAX_TEXT)
    wards = forms.CharField(
        label="Wards affected",
        required=False,
        max_length=2000,
        help_text="Names or ONS codes, separated by commas.",
    )
    communities = forms.ModelMultipleChoiceField(
        label="Communities affected",
        queryset=CommunityOfInterest.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    incident = forms.ModelChoiceField(
        label="Incident or event it concerns",
        queryset=Incident.objects.none(),
        required=False,
        help_text="Only tension leads link items to an open tier-3 record.",
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], incidents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.choices = areas  # type: ignore[attr-defined]
        if incidents is None:
            del self.fields["incident"]  # partners are not told which incidents exist
        else:
            self.fields["incident"].queryset = incidents  # type: ignore[attr-defined]

    def clean_wards(self) -> list[Any]:
        return parse_wards(self.cleaned_data.get("wards", ""))


def _ids_field(label: str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list."},
    )


class ResponsesForm(GovukForm):
    """Register activities that answer an item: chosen from those nearby in time and place, or by number."""

    link = _ids_field("Activities in the borough around that week")
    activity = forms.IntegerField(
        label="Or another activity, by its number in the register",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )
    unlink = _ids_field("Unlink")

    def __init__(self, *args: Any, candidates: list[Any], linked: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.title} ({a.starts_at:%-d %b %Y}, number {a.pk})") for a in candidates
        ]
        self.fields["unlink"].choices = [(a.pk, a.title) for a in linked]  # type: ignore[attr-defined]
        if not candidates:
            del self.fields["link"]
        if not linked:
            del self.fields["unlink"]

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if not d.get("link") and not d.get("activity") and not d.get("unlink") and not self.errors:
            raise forms.ValidationError("Choose an activity, give its number, or choose one to unlink.")
        return d


class AreaLevelForm(GovukForm):
    """A ward or community standing apart in the week's assessment."""

    ward = forms.CharField(
        label="Ward", required=False, max_length=200, help_text="Its name or ONS code, e.g. Catford South"
    )
    community = forms.ModelChoiceField(
        label="Or a community of interest",
        queryset=CommunityOfInterest.objects.filter(is_active=True),
        required=False,
    )
    level = _level_field("Its level")
    trend = forms.ChoiceField(label="Its trend", choices=Assessment.Trend.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Note (for tension readers only)", required=False, max_length=300)

    def clean_ward(self) -> Any:
        wards = parse_wards(self.cleaned_data.get("ward", ""))
        if len(wards) > 1:
            raise forms.ValidationError("Give one ward.")
        return wards[0] if wards else None


class MessagesForm(GovukForm):
    messages = _ids_field("Messages sent about it")

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["messages"].required = True
        self.fields["messages"].choices = [  # type: ignore[attr-defined]
            (m.pk, f"{m.subject} ({m.get_status_display().lower()}, {m.created_at:%-d %b %Y})") for m in candidates
        ]


class KinContactForm(GovukForm):
    member = forms.ModelChoiceField(label="Key individual", queryset=Member.objects.none())
    at = forms.DateTimeField(
        label="Date and time", help_text="For example 2026-11-30 14:30", validators=bounds.datetime_validators()
    )
    how = forms.ChoiceField(label="How", choices=KinContact.How.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label="What was said", widget=forms.Textarea, max_length=bounds.MAX_TEXT)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["member"].label_from_instance = lambda m: f"{m.name}, {m.group.name}"  # type: ignore[attr-defined]


class IncidentForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=Incident.Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea, max_length=bounds.MAX_TEXT
    )
    boroughs = forms.ModelMultipleChoiceField(
        label="Boroughs", queryset=Borough.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    wards = forms.CharField(
        label="Wards", required=False, max_length=2000, help_text="Names or ONS codes, separated by commas."
    )
    communities = forms.ModelMultipleChoiceField(
        label="Communities affected",
        queryset=CommunityOfInterest.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = GovukDateField(label="First day", label_for_errors="The first day", validators=bounds.date_validators())
    ends_on = GovukDateField(
        label="Last day",
        label_for_errors="The last day",
        required=False,
        validators=bounds.date_validators(),
    )
    gold_commander = forms.CharField(label="Gold commander", required=False, max_length=200)
    silver_commander = forms.CharField(label="Silver commander", required=False, max_length=200)

    def __init__(self, *args: Any, boroughs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["boroughs"].queryset = boroughs  # type: ignore[attr-defined]

    def clean_wards(self) -> list[Any]:
        return parse_wards(self.cleaned_data.get("wards", ""))


class ImpactAssessmentForm(GovukForm):
    assessed_on = GovukDateField(
        label="Assessed on", label_for_errors="The day assessed", validators=bounds.date_validators()
    )
    next_review_on = GovukDateField(
        label="Next review", label_for_errors="The next review", validators=bounds.date_validators()
    )
    level = _level_field("Tension level")
    background = forms.CharField(label="Background", widget=forms.Textarea, max_length=bounds.MAX_TEXT)
    communities_affected = forms.CharField(
        label="Communities affected", widget=forms.Textarea, max_length=bounds.MAX_TEXT
    )
    impact = forms.CharField(label="Likely impact on communities", widget=forms.Textarea, max_length=bounds.MAX_TEXT)
    risks = forms.CharField(
        label="Risks and concerns", required=False, widget=forms.Textarea, max_length=bounds.MAX_TEXT
    )
    mitigation = forms.CharField(
        label="Engagement and mitigation", required=False, widget=forms.Textarea, max_length=bounds.MAX_TEXT
    )


class AdviserForm(GovukForm):
    name = forms.CharField(label="Name", max_length=150)
    kind = forms.ChoiceField(label="Role in the cell", choices=AdvisoryMember.Kind.choices, widget=forms.RadioSelect)
    affiliation = forms.CharField(label="Organisation or community", required=False, max_length=200)
    briefed_on = GovukDateField(
        label="Briefed on",
        label_for_errors="The briefing day",
        required=False,
        validators=bounds.date_validators(),
    )


class AdviceForm(GovukForm):
    adviser = forms.ModelChoiceField(label="Given by", queryset=AdvisoryMember.objects.none(), required=False)
    given_on = GovukDateField(label="Given on", label_for_errors="The day given", validators=bounds.date_validators())
    advice = forms.CharField(label="Advice given", widget=forms.Textarea, max_length=bounds.MAX_TEXT)
    decision = forms.CharField(
        label="Decision taken (if known)", required=False, widget=forms.Textarea, max_length=bounds.MAX_TEXT
    )
    decided_by = forms.CharField(label="Decided by", required=False, max_length=200)

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = incident.advisers.all()  # type: ignore[attr-defined]


class DecisionForm(GovukForm):
    decision = forms.CharField(label="Decision taken", widget=forms.Textarea, max_length=bounds.MAX_TEXT)
    decided_by = forms.CharField(label="Decided by", required=False, max_length=200)


class TimelineForm(GovukForm):
    at = forms.DateTimeField(
        label="Date and time", help_text="For example 2026-11-30 14:30", validators=bounds.datetime_validators()
    )
    kind = forms.ChoiceField(label="Kind", choices=TimelineEntry.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="What happened", widget=forms.Textarea, max_length=bounds.MAX_TEXT)
    activity_id = forms.IntegerField(
        label="Register activity number",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="Needed for a reassurance patrol: plan it in the engagement register first.",
    )


class DebriefForm(GovukForm):
    debrief = forms.CharField(
        label="Debrief",
        widget=forms.Textarea,
        max_length=bounds.MAX_TEXT,
        help_text="What went well, what did not, and what to do next time. Closes the record.",
    )
