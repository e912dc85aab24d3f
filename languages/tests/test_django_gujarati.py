"""Django's own words on Gujarati pages: month and weekday names and form errors (Django has no Gujarati catalogue of
its own: `languages/django_gujarati` supplies them), while every other language keeps Django's."""

from datetime import date, datetime

from django import forms
from django.utils import translation
from django.utils.formats import date_format

FRIDAY = date(2026, 11, 20)


def test_gujarati_dates_name_the_month_and_weekday_in_gujarati():
    with translation.override("gu"):
        assert date_format(FRIDAY, "l j E Y") == "શુક્રવાર 20 નવેમ્બર 2026"
        assert date_format(FRIDAY, "j F Y") == "20 નવેમ્બર 2026"
        assert date_format(FRIDAY, "D j M Y") == "શુક્ર 20 નવે 2026"
        assert date_format(datetime(2026, 11, 20, 18, 30), "g:i a") == "6:30 PM"


def test_the_other_languages_keep_djangos_own_names():
    with translation.override("pl"):
        assert date_format(FRIDAY, "j E Y") == "20 listopada 2026"
    with translation.override("en"):
        assert date_format(FRIDAY, "l j E Y") == "Friday 20 November 2026"


class _Form(forms.Form):
    when = forms.DateField()
    name = forms.CharField(max_length=5)
    email = forms.EmailField(required=False)


def test_gujarati_pages_give_djangos_form_errors_in_gujarati():
    with translation.override("gu"):
        form = _Form({"when": "soon", "name": "far too long", "email": "nope"})
        assert not form.is_valid()
        errors = {name: str(e[0]) for name, e in form.errors.items()}
        assert errors == {
            "when": "માન્ય તારીખ લખો.",
            "name": "વધુમાં વધુ 5 અક્ષરો લખો (અત્યારે 12 છે).",
            "email": "માન્ય ઇમેઇલ સરનામું લખો, જેમ કે name@example.com.",
        }
        assert str(_Form({}).errors["when"][0]) == "આ માહિતી આપવી જરૂરી છે."
