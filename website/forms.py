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
            "required": "Enter the name of a place, ward or borough, like Brixton.",
            "max_length": "Enter a place name of 100 characters or fewer.",
        },
        help_text=_("A ward, borough or well-known place, for example Brixton or Canary Wharf"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )

    def clean_place(self) -> str:
        place = self.cleaned_data["place"].strip()
        if len(place) < 2:
            raise forms.ValidationError("Enter at least 2 letters of a place name, like Brixton.")
        return place


class LocationForm(GovukForm):
    """A point in London: filled by the "Use my location" button, or typed (from a map app) without JavaScript."""

    latitude = forms.FloatField(
        label=_("Latitude"),
        min_value=51.2,
        max_value=51.8,
        help_text=_("For example, 51.4613"),
        error_messages={
            "required": "Enter a latitude, like 51.4613.",
            "invalid": "Enter a latitude as a number, like 51.4613.",
            "min_value": "Enter a latitude in London, between 51.2 and 51.8.",
            "max_value": "Enter a latitude in London, between 51.2 and 51.8.",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        min_value=-0.6,
        max_value=0.4,
        help_text=_("For example, -0.1149"),
        error_messages={
            "required": "Enter a longitude, like -0.1149.",
            "invalid": "Enter a longitude as a number, like -0.1149.",
            "min_value": "Enter a longitude in London, between -0.6 and 0.4.",
            "max_value": "Enter a longitude in London, between -0.6 and 0.4.",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}),
    )
