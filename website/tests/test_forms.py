"""GOV.UK rendering of forms: `{{ form }}` gives form groups, hints, errors, fieldsets and an error summary."""

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template

from core.forms import GovukDateField, GovukForm

pytestmark = pytest.mark.django_db


class ExampleForm(GovukForm):
    name = forms.CharField(label="Your name", help_text="As you would like us to address you")
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("asb", "Antisocial behaviour"), ("roads", "Roads")],
        widget=forms.CheckboxSelectMultiple,
    )
    contact = forms.ChoiceField(
        label="How should we contact you?", choices=[("email", "Email"), ("phone", "Phone")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree", required=False)
    when = GovukDateField(label="Date of the meeting", help_text="For example, 27 3 2026", label_for_errors="The date")


def _render(form: forms.Form) -> str:
    return Template("{{ form }}").render(Context({"form": form}))


def test_postcode_form_error_shows_summary_linking_to_the_field(client, london):
    html = client.get("/find/", {"postcode": "nonsense"}).content.decode()
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in html
    assert '<a href="#id_postcode">Enter a full UK postcode, like SE6 4RU.</a>' in html
    assert 'aria-describedby="id_postcode-hint id_postcode-error"' in html
    assert 'aria-invalid="true"' in html
    assert "govuk-input--error" in html
    assert 'value="nonsense"' in html  # what was typed is kept
    assert "<title>Error: Find your area" in html


def test_field_without_errors_is_described_by_its_hint_only(client, london):
    html = client.get("/").content.decode()
    assert 'aria-describedby="id_postcode-hint"' in html
    assert "govuk-error-summary" not in html
    assert "aria-invalid" not in html


def test_text_field_is_a_labelled_form_group_with_hint():
    html = _render(ExampleForm())
    assert '<label class="govuk-label govuk-label--s" for="id_name">Your name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As you would like us to address you</div>' in html
    assert 'class="govuk-input"' in html


def test_checkboxes_and_radios_are_fieldsets_with_legends():
    html = _render(ExampleForm())
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Topics</legend>' in html
    assert 'class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes"' in html
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How should we contact you?</legend>' in html
    )
    assert 'class="govuk-radios__input"' in html


def test_errors_are_shown_on_every_kind_of_field():
    form = ExampleForm(data={})
    assert not form.is_valid()
    html = _render(form)
    for field in ("name", "topics", "contact", "when"):
        assert f'id="id_{field}-error"' in html
        assert f'id="id_{field}-group"' in html
    assert html.count("govuk-form-group--error") == 4
    assert 'aria-describedby="id_topics-error"' in html.replace(" id_topics-error", "id_topics-error")


def test_date_input_renders_day_month_year_in_a_fieldset():
    html = _render(ExampleForm(initial={"when": dt.date(2026, 3, 27)}))
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_when-hint">' in html
    for part, label, value in (("day", "Day", "27"), ("month", "Month", "3"), ("year", "Year", "2026")):
        assert f'name="when_{part}"' in html
        assert f">{label}</label>" in html
        assert f'value="{value}"' in html
    assert "govuk-input--width-4" in html
    assert 'inputmode="numeric"' in html


def _date(data: dict[str, str]) -> tuple[dt.date | None, list[str]]:
    form = ExampleForm(data={"name": "A", "topics": ["asb"], "contact": "email", **data})
    form.is_valid()
    return form.cleaned_data.get("when"), form.errors.get("when", [])


def test_date_input_cleans_to_a_date():
    assert _date({"when_day": "27", "when_month": "3", "when_year": "2026"}) == (dt.date(2026, 3, 27), [])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the date"),
        ({"when_day": "27", "when_year": "2026"}, "The date must include a month"),
        ({"when_day": "31", "when_month": "2", "when_year": "2026"}, "The date must be a real date"),
        ({"when_day": "x", "when_month": "2", "when_year": "2026"}, "The date must be a real date"),
        ({"when_day": "1", "when_month": "2", "when_year": "26"}, "The date must be a real date"),
    ],
)
def test_date_input_errors_are_clear(data, message):
    assert _date(data) == (None, [message])


def test_invalid_date_is_shown_again_as_typed_with_error_styles():
    form = ExampleForm(data={"when_day": "31", "when_month": "2", "when_year": "2026"})
    form.is_valid()
    html = _render(form)
    assert 'value="31"' in html
    assert html.count("govuk-input govuk-date-input__input") == 3
    assert html.count("govuk-input--error") >= 3
    assert 'aria-describedby="id_when-hint id_when-error"' in html
