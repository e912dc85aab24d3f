"""Every activities form lists its errors once, at the top, each naming its field and leading to its first input."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.tests.factories import record

pytestmark = pytest.mark.django_db


def _summary_links(html: str) -> list[tuple[str, str]]:
    """(target id, text) of each link in the page's one error summary; the target exists on the page."""
    assert html.count('class="govuk-error-summary"') == 1, "one error summary"
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    for target, text in links:
        assert f'id="{target}"' in html, f"{text}: the link leads to #{target}, which is not on the page"
        assert "This field is required" not in text
    return links


def test_the_planning_form_names_each_missing_field(client, officer, ward_team):
    client.force_login(officer)
    response = client.post(reverse("activities:create"), {"title": ""})  # as a browser sends it
    assert response.status_code == 400
    texts = dict(_summary_links(response.content.decode()))
    assert texts["id_title"] == "Enter title"
    assert texts["id_starts_at"] == "Enter starts"


def test_the_status_form_names_its_field(client, officer, ward_team, ward):
    activity = record(
        wards=[ward], organising_unit=ward_team, starts_at=timezone.now() - timedelta(hours=3), status="held"
    )
    client.force_login(officer)
    response = client.post(reverse("activities:status", args=[activity.pk]), {"status": "outcome_recorded"})
    assert response.status_code == 400
    links = _summary_links(response.content.decode())
    assert links and all("outcome" in text.lower() for _, text in links)


def test_the_status_form_refuses_an_unknown_status_naming_the_field(client, officer, ward_team, ward):
    activity = record(wards=[ward], organising_unit=ward_team)
    client.force_login(officer)
    response = client.post(reverse("activities:status", args=[activity.pk]), {"status": "vanished"})
    assert response.status_code == 400
    [(target, text)] = _summary_links(response.content.decode())
    assert target == "id_status" and text.startswith("New status: ")


def test_an_administration_form_names_its_field(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("activities:community_add"), {"name": ""})
    assert response.status_code == 400
    assert ("id_name", "Enter name") in _summary_links(response.content.decode())


def test_the_import_form_names_the_file_field(client, officer):
    client.force_login(officer)
    response = client.post(reverse("activities:import"), {"dry_run": ""})
    assert response.status_code == 400
    texts = dict(_summary_links(response.content.decode()))
    assert texts["id_file"] == "Choose a file for spreadsheet (CSV or XLSX)"
    assert texts["id_organising_unit"] == "Select organising unit"
