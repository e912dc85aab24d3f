from typing import Any

from django import forms

from core.forms import GovukForm, GovukModelForm
from equality.forms import EqualityMonitoringForm
from groups.models import BriefingPack, BriefingReceipt, CommunityGroup, Member
from groups.services import JOIN_CONSENT_WORDING
from places.models import Borough, Ward


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class GroupForm(GovukModelForm):
    class Meta:
        model = CommunityGroup
        fields = [
            "name",
            "kind",
            "focus",
            "level",
            "ward",
            "borough",
            "purpose",
            "terms_of_reference",
            "is_public",
            "accepts_join_requests",
            "meets",
            "contact_name",
            "contact_email",
            "contact_phone",
            "supporting_unit",
            "represented_on",
            "is_active",
        ]
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
    name = forms.CharField(max_length=150, label="Your name")
    email = forms.EmailField(label="Email address", help_text="We will reply to this address.")
    phone = forms.CharField(max_length=40, required=False, label="Phone number")
    message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Why would you like to join?"
    )
    consent = forms.BooleanField(required=False, label=JOIN_CONSENT_WORDING)

    def join_data(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k) or "" for k in ("name", "email", "phone", "message")}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.RadioSelect)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note (optional)")


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
