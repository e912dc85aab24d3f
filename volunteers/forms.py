"""Forms for coordinators and volunteers; the services hold the rules, the forms the shapes."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.forms import GovukDateField, GovukForm
from languages import choices
from organisations.models import Unit
from places.forms import parse_wards
from places.models import Borough, Ward
from volunteers.models import MAX_HOURS, MAX_PLACES, Language, Opportunity, Output, Skill, Target, Volunteer
from volunteers.models.deployments import MAX_AGE
from volunteers.models.outreach import MAX_RETENTION_DAYS

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _when(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=bounds.datetime_validators(),
    )


class VolunteerForm(GovukForm):
    name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    kind = forms.ChoiceField(choices=Volunteer.Kind.choices)
    home_borough = forms.ModelChoiceField(queryset=Borough.objects.none())
    home_postcode = forms.CharField(
        max_length=10, required=False, label="Home postcode", help_text="Used to offer nearby opportunities first"
    )
    started_on = GovukDateField(
        required=False,
        label="Started volunteering on",
        help_text="For long-service recognition; left empty, the day the record was added",
        label_for_errors="The start date",
    )
    status = forms.ChoiceField(choices=Volunteer.Status.choices, initial=Volunteer.Status.ACTIVE)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    available_weekdays = forms.BooleanField(required=False, initial=True, label="Available on weekdays")
    available_weekends = forms.BooleanField(required=False, label="Available at weekends")
    available_evenings = forms.BooleanField(required=False, label="Available in the evening")
    vetting_level = forms.TypedChoiceField(choices=Volunteer.Vetting.choices, coerce=int, initial=0)
    vetting_expires_on = GovukDateField(required=False, label="Vetting expires on", label_for_errors="The expiry date")
    date_of_birth = GovukDateField(
        required=False,
        label="Date of birth",
        help_text="Needed for a volunteer police cadet",
        label_for_errors="The date of birth",
    )
    guardian_name = forms.CharField(max_length=150, required=False, label="Parent or guardian's name (cadets)")
    guardian_phone = forms.CharField(max_length=40, required=False, label="Parent or guardian's phone (cadets)")
    guardian_email = forms.EmailField(required=False, label="Parent or guardian's email (cadets)")
    email_language = forms.ChoiceField(
        choices=[],
        required=False,
        label="Language of their emails",
        help_text="Emails about their opportunities go out in this language. If they sign in and choose a "
        "language for their account, that one is used instead.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, boroughs: Any = None, keep_language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_borough"].queryset = boroughs if boroughs is not None else Borough.objects.all()  # type: ignore[attr-defined]
        self.fields["email_language"].choices = choices.email_choices(keep=keep_language)  # type: ignore[attr-defined]


class TrainingForm(GovukForm):
    course = forms.CharField(max_length=200)
    completed_on = GovukDateField(label="Completed on", label_for_errors="The completion date")
    expires_on = GovukDateField(required=False, label="Expires on", label_for_errors="The expiry date")


class OpportunityForm(GovukForm):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What volunteers will do")
    method = forms.ChoiceField(choices=Opportunity.Method.choices, label="Kind of engagement")
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Organising unit")
    wards = forms.CharField(
        required=False,
        label="Wards",
        help_text="Ward names or ONS codes, separated by commas, e.g. Catford South, E05013721",
    )
    boroughs = forms.ModelMultipleChoiceField(
        queryset=Borough.objects.all(),
        required=False,
        help_text="Whole boroughs. No wards and no boroughs: London-wide",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    starts_at = _when("Starts")
    ends_at = _when("Ends")
    places = forms.IntegerField(min_value=1, max_value=MAX_PLACES, label="Places needed")
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ModelChoiceField(queryset=Language.objects.all(), required=False, label="Language needed")
    min_vetting = forms.TypedChoiceField(
        choices=Volunteer.Vetting.choices, coerce=int, initial=0, label="Minimum vetting"
    )
    min_age = forms.IntegerField(min_value=0, max_value=MAX_AGE, required=False, label="Minimum age")
    max_age = forms.IntegerField(min_value=0, max_value=MAX_AGE, required=False, label="Maximum age")
    lone_working = forms.BooleanField(required=False, label="Volunteers may work alone")
    contact_officer = forms.CharField(
        max_length=150, required=False, label="Named contact officer", help_text="Needed for lone working"
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]

    def clean_wards(self) -> list[Ward]:
        return parse_wards(self.cleaned_data.get("wards", ""))


class InviteForm(GovukForm):
    volunteers = forms.ModelMultipleChoiceField(
        queryset=Volunteer.objects.none(), widget=forms.CheckboxSelectMultiple, label="Volunteers to invite"
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = candidates if candidates is not None else Volunteer.objects.none()  # type: ignore[attr-defined]


class OutputForm(GovukForm):
    kind = forms.ChoiceField(choices=Output.Kind.choices, label=_("What was produced"))
    count = forms.IntegerField(min_value=0, max_value=bounds.MAX_REACH, label=_("How many"))
    borough = forms.ModelChoiceField(queryset=Borough.objects.all(), label=_("Borough"))
    ward = forms.ModelChoiceField(queryset=Ward.objects.none(), required=False, label=_("Ward"))

    def __init__(self, *args: Any, boroughs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if boroughs is not None:
            self.fields["borough"].queryset = boroughs  # type: ignore[attr-defined]
            self.fields["ward"].queryset = Ward.objects.filter(borough__in=boroughs)  # type: ignore[attr-defined]


class HoursForm(GovukForm):
    worked_on = GovukDateField(label=_("Day you volunteered"), label_for_errors="The day")
    hours = forms.DecimalField(min_value=0, max_value=MAX_HOURS, max_digits=4, decimal_places=2, label=_("Hours"))
    note = forms.CharField(max_length=500, required=False, label=_("Note"))


class CampaignForm(GovukForm):
    name = forms.CharField(max_length=200)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    borough = forms.ModelChoiceField(queryset=Borough.objects.none())
    ends_on = GovukDateField(label="Campaign ends on", label_for_errors="The end date")
    retention_days = forms.IntegerField(
        min_value=1, max_value=MAX_RETENTION_DAYS, initial=90, label="Keep the target list for (days after it ends)"
    )
    assignees = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Assigned to",
        help_text="Email addresses of the volunteers and officers who work the list, one a line",
    )

    def __init__(self, *args: Any, boroughs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["borough"].queryset = boroughs if boroughs is not None else Borough.objects.none()  # type: ignore[attr-defined]


class ImportForm(GovukForm):
    file = forms.FileField(label="Target list (CSV)", help_text="Columns: name, phone, address, postcode, assigned_to")


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(choices=[c for c in Target.Outcome.choices if c[0]], widget=forms.RadioSelect)
    note = forms.CharField(max_length=500, required=False)


class CancelForm(GovukForm):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is it cancelled?",
        help_text="Volunteers who accepted a place are emailed this",
    )


class AddAssigneesForm(GovukForm):
    emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Add people to the campaign",
        help_text="Email addresses of volunteers or officers with an account, one a line",
    )
