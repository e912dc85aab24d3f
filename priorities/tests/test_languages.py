"""Problem categories, how often and a report's status in the page's language; codes stored, staff files English."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from priorities import services
from priorities.models import Issue
from priorities.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]
    cache.clear()


def test_the_raise_form_offers_the_categories_and_how_often_in_polish(client, london):
    html = client.get("/pl/priorities/raise/").content.decode()
    assert "Zachowania aspołeczne" in html and "Anti-social behaviour" not in html
    assert "Przestępstwa związane z pojazdami" in html
    assert "Codziennie lub prawie codziennie" in html and "Every day or almost every day" not in html


def test_a_problem_raised_on_a_polish_page_is_stored_as_codes(
    client, lewisham, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/pl/priorities/raise/",
            {
                "category": "asb",
                "postcode": "SE6 4RU",
                "address": "Behind the library",
                "description": "Youths shouting every night",
                "frequency": "daily",
                "contact_email": "pat@example.test",
            },
            follow=True,
        )
    issue = Issue.objects.get()
    assert (issue.category, issue.frequency) == ("asb", "daily")
    assert "(zachowania aspołeczne)" in response.content.decode()
    # The confirmation email is English, the category in it too.
    text = next(part for part in smtp_server.messages[0].walk() if part.get_content_type() == "text/plain")
    assert "(Anti-social behaviour)" in text.get_payload(decode=True).decode()


def test_a_reports_status_page_is_in_arabic(client, ward):
    issue = IssueFactory(ward=ward, category="drugs")
    html = client.get(f"/ar/priorities/status/{services.status_token(issue)}/").content.decode()
    assert "المخدرات" in html and "جديد" in html


def test_the_panels_proposals_show_their_categories_in_polish(client, ward, officer):
    now = timezone.now()
    services.open_panel_round(
        ward=ward,
        by=officer,
        title="Next priority",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        options=[{"category": "asb", "issue": "Noise"}, {"category": "drugs", "issue": "Dealing"}],
    )
    html = client.get(f"/pl/priorities/wards/{ward.code}/panel/").content.decode()
    assert "Zachowania aspołeczne: Noise" in html and "Narkotyki: Dealing" in html


def test_the_staff_csv_stays_english_for_someone_who_reads_polish(client, officer, ward):
    IssueFactory(ward=ward, category="asb", frequency="daily")
    client.force_login(officer)
    client.cookies["django_language"] = "pl"
    rows = list(csv.reader(io.StringIO(client.get(reverse("priorities:issue_list") + "?format=csv").content.decode())))
    assert rows[1][4:7] == ["Anti-social behaviour", "Every day or almost every day", "New"]
