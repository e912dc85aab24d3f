"""A public activity's page in the visitor's language, with what staff wrote kept in English and marked so."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from activities.models import Activity
from activities.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]
    cache.clear()


def _activity(**over):
    data = {
        "is_public": True,
        "title": "Street briefing on the high street",
        "purpose": "To hear what worries people about the market.",
        "use_of_results": "The team will set its next priorities with them.",
        "venue": "Catford Broadway",
        "venue_accessibility": "Step-free, on the pavement.",
        "recurrence": Activity.Recurrence.WEEKLY,
        "repeat_until": date(2027, 3, 4),
    }
    return ActivityFactory(**{**data, **over})


def test_an_activity_page_in_arabic_is_right_to_left_with_staff_text_marked_english(client: Client):
    activity = _activity()
    response = client.get(f"/ar/activities/public/{activity.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html[^>]*lang="ar"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ar"', html)
    assert (
        '<h1 class="govuk-heading-xl"><span lang="en" dir="ltr">Street briefing on the high street</span></h1>' in html
    )
    assert '<span lang="en" dir="ltr">To hear what worries people about the market.</span>' in html
    assert '<span lang="en" dir="ltr">Catford Broadway</span>' in html
    assert f'<span lang="en" dir="ltr">{activity.organising_unit}</span>' in html
    assert "Why this is taking place" not in html and "Organised by" not in html


def test_an_activity_page_in_polish_is_translated_and_marks_staff_text_without_a_direction(client: Client):
    activity = _activity()
    html = client.get(f"/pl/activities/public/{activity.pk}/").content.decode()
    assert '<p class="govuk-body"><span lang="en">To hear what worries people about the market.</span></p>' in html
    assert 'lang="en" dir="ltr"' not in html
    assert "How the results will be used" not in html and ">Where<" not in html
    assert "Weekly until" not in html


def test_an_activity_page_in_english_has_no_language_marks(client: Client):
    activity = _activity(status=Activity.Status.CANCELLED)
    html = client.get(f"/activities/public/{activity.pk}/").content.decode()
    assert "This activity has been cancelled." in html
    assert "Weekly until 4 March 2027" in html
    assert '<h1 class="govuk-heading-xl">Street briefing' in html
    assert '<p class="govuk-body">To hear what worries people about the market.</p>' in html
