from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.forms import GovukForm, GovukModelForm
from equality.forms import EqualityMonitoringForm
from groups.models import BriefingPack, BriefingReceipt, CommunityGroup, Member
from groups.services import GROUP_FIELDS, JOIN_CONSENT_WORDING
from places.models import Borough, Ward


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class GroupForm(GovukModelForm):
    class Meta:
        model = CommunityGroup
        fields = list(GROUP_FIELDS)
        labels = {"level": "Area it serves", "meets": "How often it meets", "is_public": "Public group"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ward_field: Any = self.fields["ward"]
        ward_field.queryset = Ward.objects.select_related("borough").order_by("borough__name", "name")
        ward_field.label_from_instance = lambda w: f"{w.name} ({w.borough.name})"
        borough_field: Any = self.fields["borough"]
        borough_field.queryset = Borough.objects.order_by("name")
        qs = CommunityGroup.objects.exclude(kind=CommunityGroup.Kind.WARD_PANEL).order_by("name")
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        represented: Any = self.fields["represented_on"]
        represented.queryset = qs
        self.fields["ward"].help_text = "For a ward-level group"
        self.fields["borough"].help_text = "For a borough-level group"


class MemberForm(GovukModelForm):
    consent_to_contact = forms.BooleanField(
        required=False,
        label="The person agreed to be contacted about the group's work",
        help_text=JOIN_CONSENT_WORDING,
    )

    class Meta:
        model = Member
        fields = ["name", "email", "phone", "role", "term_start", "term_end", "data_basis", "notes"]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}
        labels = {"data_basis": "Data protection basis for keeping these details"}


class JoinForm(EqualityMonitoringForm):
    name = forms.CharField(max_length=150, label=_("Your name"))
    email = forms.EmailField(label=_("Email address"), help_text=_("We will reply to this address."))
    phone = forms.CharField(max_length=40, required=False, label=_("Phone number"))
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Why would you like to join?"),
        max_length=bounds.MAX_TEXT,
    )
    consent = forms.BooleanField(required=False, label=JOIN_CONSENT_WORDING)

    def join_data(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k) or "" for k in ("name", "email", "phone", "message")}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.RadioSelect)
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note", max_length=bounds.MAX_TEXT
    )


class GroupFilterForm(GovukForm):
    q = forms.CharField(required=False, label="Name contains")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *CommunityGroup.Kind.choices])
    borough = forms.ModelChoiceField(required=False, queryset=Borough.objects.order_by("name"), empty_label="Any")


class BriefingPackForm(GovukModelForm):
    class Meta:
        model = BriefingPack
        fields = ["title", "kind", "group_kind", "role", "summary", "body"]
        labels = {"group_kind": "For which kind of group", "role": "For which role"}


class BriefingDocumentForm(GovukForm):
    title = forms.CharField(max_length=200)
    file = forms.FileField(help_text="PDF, Word, OpenDocument, PowerPoint, spreadsheet, text or image; up to 10 MB")


class BriefingReceiptForm(GovukModelForm):
    class Meta:
        model = BriefingReceipt
        fields = ["pack", "received_on", "how"]
        widgets = {"received_on": DateInput()}
        labels = {"pack": "Briefing", "received_on": "Date received", "how": "How"}


class RepresentativenessFilterForm(GovukForm):
    borough = forms.ModelChoiceField(queryset=Borough.objects.order_by("name"), empty_label="Choose a borough")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _datetime_field(label: str, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=bounds.datetime_validators(),
        **kwargs,
    )


class MeetingForm(GovukForm):
    starts_at = _datetime_field("Starts")
    ends_at = _datetime_field("Ends")
    venue = forms.CharField(max_length=300, required=False, help_text="Address, or “Online” with how to join")
    venue_accessibility = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Access information",
        help_text="Step-free access, hearing loop, nearest accessible toilet…",
        max_length=bounds.MAX_TEXT,
    )
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=bounds.MAX_TEXT)
    open_to_public = forms.BooleanField(required=False, label="Open to the public (a public meeting)")
    is_public = forms.BooleanField(
        required=False, initial=True, label="List it on the public site and calendars (public groups only)"
    )


class ScheduleForm(MeetingForm):
    recurrence = forms.ChoiceField(
        choices=[
            ("", "Just this meeting"),
            ("monthly", "Monthly"),
            ("bimonthly", "Every two months"),
            ("quarterly", "Quarterly"),
        ],
        required=False,
        label="Repeat",
    )
    count = forms.IntegerField(min_value=1, max_value=24, initial=1, label="Number of meetings to schedule")


class MinutesForm(GovukForm):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), max_length=bounds.MAX_TEXT)
    decisions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=bounds.MAX_TEXT)
    present = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Members present"
    )
    apologies = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Members who sent apologies",
    )
    other_attendees = forms.IntegerField(
        min_value=0, max_value=bounds.MAX_ATTENDANCE, initial=0, label="Other people who attended"
    )

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("present", "apologies"):
            field: Any = self.fields[name]
            field.queryset = members if members is not None else Member.objects.none()
            field.label_from_instance = lambda m: f"{m.name} ({m.get_role_display()})"


class ActionForm(GovukForm):
    description = forms.CharField(max_length=500, label="Action")
    owner = forms.CharField(max_length=150, label="Owner")
    due_on = forms.DateField(widget=DateInput(), label="Due by", validators=bounds.date_validators())


class PaperForm(GovukForm):
    title = forms.CharField(max_length=200)
    file = forms.FileField(help_text="PDF, Word, OpenDocument, PowerPoint, spreadsheet, text or image; up to 10 MB")
    is_public = forms.BooleanField(required=False, label="Publish with the meeting on the public site")
