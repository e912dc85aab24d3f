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
