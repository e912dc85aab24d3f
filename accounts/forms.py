"""Forms for your account: API tokens (staff, in English) and deleting the account or one's data (in the
page's language)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm


class ApiTokenForm(GovukForm):
    name = forms.CharField(
        label="Token name", max_length=100, help_text="What the token is for, e.g. 'Reporting script'"
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (365, "1 year"), (0, "Never")],
        initial=90,
        widget=forms.RadioSelect,
    )


class DeleteAccountForm(GovukForm):
    confirm = forms.BooleanField(
        label=_("I understand that my account and the data held about me will be deleted and cannot be recovered"),
        error_messages={"required": _("Tick the box to confirm that you want to delete your account")},
    )


class YourDataForm(GovukForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "The address you gave us when you reported a problem, asked a question, answered a "
            "consultation, subscribed to alerts or asked to join a group"
        ),
    )


class EraseYourDataForm(GovukForm):
    confirm = forms.BooleanField(
        label=_("I understand that what I gave will be erased and cannot be recovered"),
        error_messages={"required": _("Tick the box to confirm that you want your data erased")},
    )
