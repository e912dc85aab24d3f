from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm


class PostcodeForm(GovukForm):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=16,
        error_messages={
            "required": _("Enter a postcode, like SE6 4RU."),
            "max_length": _("Enter a full UK postcode, like SE6 4RU."),
        },
        help_text=_("For example, SE6 4RU"),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )


class PlaceSearchForm(GovukForm):
    place = forms.CharField(
        label=_("Place name"),
        max_length=100,
        error_messages={
            "required": _("Enter the name of a place, ward or borough, like Brixton."),
            "max_length": _("Enter a place name of 100 characters or fewer."),
        },
        help_text=_("A ward, borough or well-known place, for example Brixton or Canary Wharf"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )

    def clean_place(self) -> str:
        place = self.cleaned_data["place"].strip()
        if len(place) < 2:
            raise forms.ValidationError(_("Enter at least 2 letters of a place name, like Brixton."))
        return place


# Invisible direction marks: the Arabic and Urdu examples wrap "-0.1149" in them so the minus stays on the left,
# and a number copied from there carries them into the field.
DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class CoordinateField(forms.FloatField):
    """A latitude or longitude as typed, direction marks dropped."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.translate(DIRECTION_MARKS)
        return super().to_python(value)


class LocationForm(GovukForm):
    """A point in London: filled by the "Use my location" button, or typed (from a map app) without JavaScript."""

    latitude = CoordinateField(
        label=_("Latitude"),
        min_value=51.2,
        max_value=51.8,
        help_text=_("For example, 51.4613"),
        error_messages={
            "required": _("Enter a latitude, like 51.4613."),
            "invalid": _("Enter a latitude as a number, like 51.4613."),
            "min_value": _("Enter a latitude in London, between 51.2 and 51.8."),
            "max_value": _("Enter a latitude in London, between 51.2 and 51.8."),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        min_value=-0.6,
        max_value=0.4,
        help_text=_("For example, -0.1149"),
        error_messages={
            "required": _("Enter a longitude, like -0.1149."),
            "invalid": _("Enter a longitude as a number, like -0.1149."),
            "min_value": _("Enter a longitude in London, between -0.6 and 0.4."),
            "max_value": _("Enter a longitude in London, between -0.6 and 0.4."),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}),
    )
