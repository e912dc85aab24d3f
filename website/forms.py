from django import forms

from core.forms import GovukForm


class PostcodeForm(GovukForm):
    postcode = forms.CharField(
        label="Postcode",
        max_length=16,
        error_messages={
            "required": "Enter a postcode, like SE6 4RU.",
            "max_length": "Enter a full UK postcode, like SE6 4RU.",
        },
        help_text="For example, SE6 4RU",
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )
