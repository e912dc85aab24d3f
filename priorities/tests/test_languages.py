"""Problem categories, how often and a report's status in the page's language; codes stored, staff files English."""

import csv
import io
import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from feedback import queries as feedback_queries
from feedback import services as feedback_services
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
    # The confirmation email is in Polish, the category in it too.
    assert "(Zachowania aspołeczne)" in _text(smtp_server.messages[0])
    assert Issue.objects.get().language == "pl"


def _text(message) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode().replace("\r\n", "\n")


def _with_status_token_checked(text: str, issue: Issue) -> str:
    """The text with its status link's token replaced by "<token>", once the token is shown to open this report.

    The token is signed with the time it was made, so one made again in the test can differ by a second.
    """
    (token,) = re.findall(r"/priorities/status/([^/\s]+)/", text)
    assert services.issue_from_status_token(token) == issue
    return text.replace(token, "<token>")


def _raise(client, url: str, **over) -> None:
    data = {
        "category": "drugs",
        "postcode": "SE6 4RU",
        "description": "Dealing by the station",
        "frequency": "weekly",
        "contact_name": "Pat",
        "contact_email": "pat@example.test",
    }
    client.post(url, {**data, **over})


def test_a_problem_raised_in_polish_gets_its_confirmation_in_polish(
    client, lewisham, settings, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _raise(client, "/pl/priorities/raise/")
    issue = Issue.objects.get()
    (message,) = smtp_server.messages
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == f"Mamy Twoje zgłoszenie {issue.reference}"
    text = _text(message)
    assert "Dziękujemy" in text and "Rushey Green" in text and "(Narkotyki)" in text
    assert "Thank you" not in text and "Your reference" not in text
    links = [word for word in _with_status_token_checked(text, issue).split() if word.startswith("http")]
    assert links == [f"{settings.SITE_URL}/pl/priorities/status/<token>/"]


def test_a_problem_raised_in_english_gets_the_same_english_confirmation(
    client, lewisham, settings, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _raise(client, "/priorities/raise/", contact_name="")
    issue = Issue.objects.get()
    assert issue.language == ""
    (message,) = smtp_server.messages
    assert message["Subject"] == f"We have your report {issue.reference}"
    assert _with_status_token_checked(_text(message), issue) == (
        "Hello,\n\nThank you for telling the Rushey Green neighbourhood team about a problem (Drugs).\n\n"
        f"Your reference is {issue.reference}.\n\n"
        "The ward panel and the team look at the issues raised when they set the ward's priorities. "
        "We will tell you what was done.\n\n"
        "See how your report is progressing at any time (this link is private to you):\n"
        f"{settings.SITE_URL}/priorities/status/<token>/\n\n"
        "This is not how to report a crime: in an emergency call 999, otherwise call 101.\n"
    )


def test_a_problem_raised_in_arabic_is_confirmed_in_arabic_with_arabic_links(
    client, lewisham, settings, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _raise(client, "/ar/priorities/raise/")
    text = _text(smtp_server.messages[0])
    assert "Rushey Green" in text and "Thank you" not in text
    assert f"{settings.SITE_URL}/ar/priorities/status/" in text


def test_what_was_done_is_sent_in_the_language_the_problem_was_raised_in(
    ward, officer, settings, smtp_server, django_capture_on_commit_callbacks
):
    polish = IssueFactory(ward=ward, contact_email="ola@example.test", contact_name="Ola", language="pl")
    english = IssueFactory(ward=ward, contact_email="pat@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        priority = services.set_priority(
            ward=ward,
            by=officer,
            category="drugs",
            issue="Dealing in the stairwells",
            action="Patrols",
            review_by=timezone.localdate() + timedelta(days=60),
            issues=[polish.pk, english.pk],
        )
        record = feedback_queries.record_for(priority)
        feedback_services.add_entry(record=record, by=None, kind="did", text="Weekly patrols", check_permission=False)
    sent = {m["To"]: m for m in smtp_server.messages}
    in_polish = _text(sent["ola@example.test"])
    assert "Ola" in in_polish and "Weekly patrols" in in_polish  # what the team wrote stays as written
    assert "What we did" not in in_polish and "Read the full record" not in in_polish
    assert f"{settings.SITE_URL}/pl/feedback/{record.pk}/" in in_polish
    in_english = _text(sent["pat@example.test"])
    assert "What we did:\nWeekly patrols" in in_english
    assert f"Read the full record: {settings.SITE_URL}/feedback/{record.pk}/\n" in in_english


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
    # The proposals are staff-written: English, marked so (languages.content).
    assert 'Zachowania aspołeczne: <span lang="en">Noise</span>' in html
    assert 'Narkotyki: <span lang="en">Dealing</span>' in html


def test_the_staff_csv_stays_english_for_someone_who_reads_polish(client, officer, ward):
    IssueFactory(ward=ward, category="asb", frequency="daily")
    client.force_login(officer)
    client.cookies["django_language"] = "pl"
    rows = list(csv.reader(io.StringIO(client.get(reverse("priorities:issue_list") + "?format=csv").content.decode())))
    assert rows[1][4:7] == ["Anti-social behaviour", "Every day or almost every day", "New"]
