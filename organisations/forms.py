"""Staff forms: units, posts and senior officers' public profiles."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db import models

from core import bounds
from core.forms import GovukForm, GovukModelForm
from organisations.models import SENIOR_OFFICER_CONTACTS, Post, Role, SeniorOfficer, Unit
from places.models import Borough, Ward


class UnitFilterForm(GovukForm):
    q = forms.CharField(label="Search", required=False, help_text="Name or short name, e.g. CO15")
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *Unit.Kind.choices])
    borough = forms.ModelChoiceField(
        label="Borough", required=False, queryset=Borough.objects.all(), empty_label="Any borough", to_field_name="code"
    )


class UnitForm(GovukModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "command_unit",
            "borough",
            "ward",
            "description",
            "email",
            "phone",
            "contact_notes",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Unit.objects.exclude(kind=Unit.Kind.NEIGHBOURHOOD_TEAM)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["ward"].queryset = Ward.objects.select_related("borough").order_by("borough__name", "name")  # type: ignore[attr-defined]
        self.fields["ward"].label_from_instance = lambda w: f"{w.name}, {w.borough.name}"  # type: ignore[attr-defined]
        self.fields["description"].widget.attrs["rows"] = 3


class PostForm(GovukForm):
    email = forms.EmailField(label="Email address of the person", help_text="They must already have an account")
    role = forms.ChoiceField(choices=Role.choices)
    job_title = forms.CharField(required=False, max_length=150, help_text="e.g. Police Sergeant, PCSO")
    london_wide = forms.BooleanField(label="Covers all of London", required=False)
    boroughs = forms.ModelMultipleChoiceField(
        queryset=Borough.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every ward of these boroughs. Leave empty (and no wards) to cover the unit's own area.",
    )
    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.select_related("borough").order_by("borough__name", "name"),
        required=False,
        help_text="Hold Ctrl or Cmd to choose several",
    )
    listed_publicly = forms.BooleanField(label="Show this person on the public page of the unit's area", required=False)
    public_bio = forms.CharField(label="Public description", required=False, max_length=500, widget=forms.Textarea)
    starts_on = forms.DateField(
        label="Starts on", required=False, help_text="For example, 2026-04-01", validators=bounds.date_validators()
    )
    ends_on = forms.DateField(
        label="Ends on", required=False, help_text="For example, 2027-03-31", validators=bounds.date_validators()
    )

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        if post is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "email": post.user.email,
                "role": post.role,
                "job_title": post.job_title,
                "london_wide": post.london_wide,
                "boroughs": list(post.boroughs.all()),
                "wards": list(post.wards.all()),
                "listed_publicly": post.listed_publicly,
                "public_bio": post.public_bio,
                "starts_on": post.starts_on,
                "ends_on": post.ends_on,
            }
        super().__init__(*args, **kwargs)
        self.fields["wards"].label_from_instance = lambda w: f"{w.name}, {w.borough.name}"  # type: ignore[attr-defined]
        self.fields["public_bio"].widget.attrs["rows"] = 3
        if post is not None:
            self.fields["email"].disabled = True

    def clean_email(self) -> Any:
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("No account uses this email address. Ask the person to sign up first.")
        self.cleaned_data["user"] = user
        return email

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("email", None)
        return data


def _https_by_default(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """An address typed without a scheme is taken as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SeniorOfficerForm(GovukModelForm):
    class Meta:
        model = SeniorOfficer
        formfield_callback = _https_by_default
        fields = ["force", "name", "rank", "bio", *SENIOR_OFFICER_CONTACTS, "order", "is_published"]
        help_texts = {
            "email": "Published as open data: a public mailbox, never a personal one",
            "telephone": "Published as open data, e.g. 020 7946 0000",
            "twitter": "The full address, e.g. https://x.com/example",
            "is_published": "Shown in the police.uk-compatible API at /api/police-uk/forces/{force}/people",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bio"].widget.attrs["rows"] = 5
