"""Forms of the alerts pages (GOV.UK markup through core.forms)."""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alerts.models import Channel, Interest, Language, Message, Topic
from alerts.services import CONSENT_WORDING
from core import registry
from core.forms import GovukForm, style_widgets
from places.models import Borough, Ward


class AreaFieldsMixin(forms.Form):
    """Where: boroughs then wards, as checkboxes grouped per borough (each group a <details>), so the picker
    needs neither JavaScript nor Ctrl-click. The `wards` field draws the whole picker, `boroughs` included."""

    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.select_related("borough").order_by("borough__name", "name"),
        required=False,
        label=_("Places"),
        help_text=_("Open a borough to choose all of it or some of its wards."),
        widget=forms.CheckboxSelectMultiple,
        template_name="alerts/forms/area_picker.html",
    )
    boroughs = forms.ModelMultipleChoiceField(
        queryset=Borough.objects.order_by("name"),
        required=False,
        label=_("Whole boroughs"),
        widget=forms.CheckboxSelectMultiple,
        template_name="alerts/forms/drawn_by_area_picker.html",
    )
    london = forms.BooleanField(required=False, label=_("Alerts for the whole of London"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wards"].label_from_instance = lambda w: f"{w.name} ({w.borough.name})"  # type: ignore[attr-defined]

    def area_groups(self) -> list[dict[str, Any]]:
        """Per borough: its "whole borough" box, its wards' boxes, and whether any is ticked (plain values, so
        the picker's 737 checkboxes render in one template instead of a widget template each)."""
        chosen_wards = {str(v) for v in self["wards"].value() or []}
        chosen_boroughs = {str(v) for v in self["boroughs"].value() or []}
        ward_id, borough_id = self["wards"].auto_id, self["boroughs"].auto_id
        wards: dict[int, list[dict[str, Any]]] = {}
        ward_rows = Ward.objects.order_by("borough__name", "name").values_list("pk", "name", "borough_id")
        for i, (pk, name, borough) in enumerate(ward_rows):
            box = {"id": f"{ward_id}_{i}", "value": pk, "label": name, "checked": str(pk) in chosen_wards}
            wards.setdefault(borough, []).append(box)
        groups = []
        for i, (pk, name) in enumerate(Borough.objects.order_by("name").values_list("pk", "name")):
            whole = {"id": f"{borough_id}_{i}", "value": pk, "checked": str(pk) in chosen_boroughs}
            own = wards.get(pk, [])
            groups.append(
                {"name": name, "whole": whole, "wards": own, "open": whole["checked"] or any(w["checked"] for w in own)}
            )
        return groups


class PreferencesMixin(forms.Form):
    interests = forms.MultipleChoiceField(
        choices=Interest.choices, widget=forms.CheckboxSelectMultiple, label=_("What do you want to hear about?")
    )
    language = forms.ChoiceField(
        choices=Language.choices,
        initial=Language.ENGLISH,
        label=_("Preferred language"),
        help_text=_("We send translations where the team has them; otherwise English."),
    )
    quiet_start = forms.TimeField(
        required=False,
        label=_("Quiet hours start"),
        help_text=_("For example 21:00. Urgent alerts still come through."),
    )
    quiet_end = forms.TimeField(required=False, label=_("Quiet hours end"), help_text=_("For example 07:00"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            self.add_error("quiet_end", _("Enter both a start and an end for quiet hours, or neither"))
        return data


class SubscribeForm(AreaFieldsMixin, PreferencesMixin, GovukForm):
    field_order = ["postcode", "wards", "boroughs", "london", "interests", "wants_email", "email", "wants_sms",
                   "phone", "language", "quiet_start", "quiet_end", "consent"]  # fmt: skip
    postcode = forms.CharField(
        required=False,
        max_length=10,
        label=_("Your postcode"),
        help_text=_("We use it to find your ward. For example SE6 4RU"),
    )
    wants_email = forms.BooleanField(required=False, initial=True, label=_("Send me alerts by email"))
    email = forms.EmailField(required=False, label=_("Email address"))
    wants_sms = forms.BooleanField(required=False, label=_("Send me alerts by text message"))
    phone = forms.CharField(
        required=False, max_length=20, label=_("UK mobile number"), help_text=_("For example 07700 900 982")
    )
    consent = forms.BooleanField(
        label=_("I agree to receive these alerts"),
        help_text=format_lazy("{} {}", _(CONSENT_WORDING[Channel.EMAIL]), _(CONSENT_WORDING[Channel.SMS])),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wants_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter your email address"))
        if data.get("wants_sms") and not data.get("phone"):
            self.add_error("phone", _("Enter your mobile number"))
        return data


class ManageForm(AreaFieldsMixin, PreferencesMixin, GovukForm):
    wants_email = forms.BooleanField(required=False, label=_("Email"))
    wants_sms = forms.BooleanField(required=False, label=_("Text message"))


class CodeForm(GovukForm):
    code = forms.CharField(max_length=6, min_length=6, label=_("Code from the text message"), help_text=_("6 digits"))


class MessageForm(AreaFieldsMixin, GovukForm):
    kind = forms.ChoiceField(choices=Message.Kind.choices, label=_("Kind of message"))
    subject = forms.CharField(max_length=150)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), help_text=_("Separate paragraphs with a blank line")
    )
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}), label=_("Plain-text version"),
        help_text=_("Leave empty to use the message as written"),
    )  # fmt: skip
    sms_text = forms.CharField(
        required=False, max_length=300, label=_("Text message version"), help_text=_("Up to 300 characters")
    )
    priority = forms.ChoiceField(choices=Message.Priority.choices, widget=forms.RadioSelect, initial="routine")
    interests = forms.MultipleChoiceField(
        choices=Interest.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Only subscribers interested in"), help_text=_("Choose none to reach every interest"),
    )  # fmt: skip
    translation_language = forms.ChoiceField(
        choices=[("", "No translation")] + [c for c in Language.choices if c[0] != Language.ENGLISH],
        required=False,
        label=_("Also in another language"),
        help_text=_(
            "Subscribers who chose this language get this version. Empty its subject and message to remove it. "
            "Other languages are kept as they are."
        ),
    )
    translation_subject = forms.CharField(required=False, max_length=150, label=_("Subject in that language"))
    translation_body = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), label=_("Message in that language")
    )
    translation_sms = forms.CharField(required=False, max_length=300, label=_("Text message in that language"))

    def __init__(self, *args: Any, audiences: dict[str, list[tuple[int, str]]] | None = None, **kwargs: Any) -> None:
        """`audiences`: {kind: [(id, name)]} the sender may reach (`alerts.audiences.choices_for`); one select
        per kind that has any, named after the kind."""
        super().__init__(*args, **kwargs)
        self.audience_kinds: list[str] = []
        for kind in registry.alert_audiences.ordered():
            objects = (audiences or {}).get(kind.kind)
            if objects:
                self.fields[kind.kind] = forms.TypedChoiceField(
                    coerce=int,
                    required=False,
                    empty_value=None,
                    label=kind.label,
                    help_text=kind.help_text,
                    choices=[("", kind.none_label), *objects],
                )
                self.audience_kinds.append(kind.kind)
        style_widgets(self)

    def audiences_chosen(self) -> list[tuple[str, int]]:
        return [(k, self.cleaned_data[k]) for k in self.audience_kinds if self.cleaned_data.get(k)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [bool(data.get("translation_subject")), bool(data.get("translation_body"))]
        if data.get("translation_language") and any(given) and not all(given):
            self.add_error(
                "translation_body", "Enter the subject and the message in the other language, or choose no translation"
            )
        return data

    def translations(self) -> dict[str, dict[str, str]]:
        d = self.cleaned_data
        if not d.get("translation_language"):
            return {}
        return {
            d["translation_language"]: {
                "subject": d["translation_subject"],
                "body": d["translation_body"],
                "sms_text": d["translation_sms"],
            }
        }


class ScheduleForm(GovukForm):
    send_at = forms.DateTimeField(
        required=False, label=_("Send at (leave empty to send now)"), help_text=_("For example 2026-12-01 09:00"),
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )  # fmt: skip


class ReplyForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Your reply"), max_length=5000)


class ContactForm(GovukForm):
    topic = forms.ChoiceField(choices=Topic.choices, widget=forms.RadioSelect, label=_("What is your question about?"))
    postcode = forms.CharField(
        required=False, max_length=10, label=_("Postcode of the place it is about"),
        help_text=_("So that the right local team answers. For example SE6 4RU"),
    )  # fmt: skip
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Your question"), max_length=5000)
    name = forms.CharField(required=False, max_length=100, label=_("Your name"))
    email = forms.EmailField(label=_("Email address"), help_text=_("We send our answer here"))


class AnswerForm(GovukForm):
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
