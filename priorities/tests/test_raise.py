from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from priorities.models import Issue

pytestmark = pytest.mark.django_db

URL = "/priorities/raise/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def form(**over):
    data = {
        "category": "asb",
        "postcode": "SE6 4RU",
        "ward": "",
        "address": "Behind the library",
        "description": "Youths shouting every night",
        "frequency": "daily",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
    }
    data.update(over)
    return data


def test_raise_issue_by_postcode_gives_reference_and_confirmation(client, lewisham):
    response = client.post(URL, form(), follow=True)
    issue = Issue.objects.get()
    assert issue.ward.name == "Rushey Green"
    assert issue.postcode == "SE6 4RU"
    assert issue.reference.startswith("ISS-")
    assert issue.reference in response.content.decode()
    assert "We have your report" in response.content.decode()


def test_raise_issue_by_choosing_ward(client, other_ward):
    client.post(URL, form(postcode="", ward=str(other_ward.pk)))
    assert Issue.objects.get().ward == other_ward


def test_confirmation_email_over_smtp(client, ward, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form(contact_email="pat@example.test", contact_name="Pat"))
    issue = Issue.objects.get()
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "pat@example.test"
    assert issue.reference in smtp_server.messages[0]["Subject"]


def test_no_location_is_a_clear_error(client, london):
    response = client.post(URL, form(postcode="", ward=""))
    assert response.status_code == 400
    assert "enter a London postcode, or choose the ward" in response.content.decode()
    assert not Issue.objects.exists()


def test_postcode_outside_london_is_refused(client, london):
    response = client.post(URL, form(postcode="M1 1AE"))
    assert response.status_code == 400
    assert "is not in London" in response.content.decode()
    assert not Issue.objects.exists()


def test_point_outside_london_is_refused(client, london):
    response = client.post(URL, form(latitude="53.48", longitude="-2.24"))
    assert response.status_code == 400
    assert "not in London" in response.content.decode()
    assert not Issue.objects.exists()


def test_empty_description_is_refused_and_input_kept(client, london):
    response = client.post(URL, form(description="   ", address="Kept address"))
    assert response.status_code == 400
    assert "Describe the problem." in response.content.decode()
    assert "Kept address" in response.content.decode()
    assert not Issue.objects.exists()


def test_honeypot_filled_stores_nothing(client, london):
    response = client.post(URL, form(website="http://spam.example"))
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_rate_limit_gives_429_after_five(client, london):
    for _ in range(5):
        assert client.post(URL, form()).status_code == 302
    response = client.post(URL, form())
    assert response.status_code == 429
    assert "Please wait" in response.content.decode()
    assert Issue.objects.count() == 5


def test_confirmation_only_for_the_browser_that_raised_it(client, ward):
    client.post(URL, form())
    issue = Issue.objects.get()
    other = client.__class__()
    assert other.get(reverse("priorities:raised", args=[issue.reference])).status_code == 404


def test_script_in_description_shown_as_text(client, officer, ward):
    client.post(URL, form(postcode="", ward=str(ward.pk), description="<script>alert(1)</script>"))
    issue = Issue.objects.get()
    client.force_login(officer)
    body = client.get(reverse("priorities:issue_detail", args=[issue.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_raise_form_prefills_ward_from_link(client, ward):
    response = client.get(URL + f"?ward={ward.code}")
    assert response.status_code == 200
    assert f"in {ward.name}" in response.content.decode()


def _status_link(message) -> str:
    import re

    body = (
        message.get_payload(decode=True)
        if not message.is_multipart()
        else message.get_payload(0).get_payload(decode=True)
    )
    found = re.search(r"https?://\S+/priorities/status/\S+/", body.decode())
    assert found, body.decode()
    return found.group(0)


def test_the_confirmation_email_links_to_the_reports_status_from_any_browser(
    client, ward, smtp_server, django_capture_on_commit_callbacks, settings
):
    from django.test import Client

    settings.SITE_URL = "https://engage.example.test"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form(contact_email="pat@example.test", contact_name="Pat"))
    issue = Issue.objects.get()
    link = _status_link(smtp_server.messages[0])
    assert link.startswith("https://engage.example.test/priorities/status/")
    page = Client().get(link.removeprefix("https://engage.example.test"))
    assert page.status_code == 200
    html = page.content.decode()
    assert issue.reference in html and "New" in html and issue.ward.name in html


def test_the_status_page_shows_the_priority_that_answers_the_report(client, ward, officer):
    from priorities import services
    from priorities.tests.factories import IssueFactory

    issue = IssueFactory(ward=ward, contact_email="pat@example.test")
    priority = services.set_priority(
        ward=ward, by=officer, category="asb", issue="Noise at night", action="Evening patrols",
        set_by="team", review_by=date.today() + timedelta(days=30), issues=[issue.pk],
    )  # fmt: skip
    issue.refresh_from_db()
    html = client.get(reverse("priorities:status", args=[services.status_token(issue)])).content.decode()
    assert "Part of a ward priority" in html and "Evening patrols" in html and priority.issue in html


def test_a_report_is_found_by_its_reference_and_email(client, ward):
    from priorities.tests.factories import IssueFactory

    issue = IssueFactory(ward=ward, contact_email="pat@example.test", reference="ISS-2026-000123")
    lookup = reverse("priorities:status_lookup")
    assert client.get(lookup).status_code == 200
    wrong = client.post(lookup, {"reference": "ISS-2026-000123", "email": "someone@example.test"})
    assert wrong.status_code == 404
    assert "We could not find a report" in wrong.content.decode()
    right = client.post(lookup, {"reference": " iss-2026-000123 ", "email": "PAT@example.test"})
    assert right.status_code == 302
    assert issue.reference in client.get(right["Location"]).content.decode()


def test_a_forged_status_link_is_404(client, london):
    assert client.get("/priorities/status/not-a-real-token/").status_code == 404
