"""Month and weekday names in every language, Gujarati included (Django has no Gujarati catalogue of its own:
`languages/locale/gu` supplies its date words)."""

from datetime import date, datetime

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
