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
