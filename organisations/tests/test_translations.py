"""A neighbourhood team's own words on its ward's page, translated by whoever may change the team."""

import pytest
from django.urls import reverse

from languages import content
from organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def team(ward_team):
    ward_team.description = "We patrol Catford every day."
    ward_team.contact_notes = "Drop in at the library on Saturdays."
    ward_team.save()
    return ward_team


def _url(team, code="pl"):
    return reverse("languages:translate", args=["team", team.pk, code])


def test_a_borough_administrator_translates_the_team_and_the_ward_page_shows_it(client, make_staff, team, ward):
    admin = make_staff(Role.ADMINISTRATOR, boroughs=[ward.borough], email="lewisham-admin@police.example.test")
    client.force_login(admin)
    response = client.post(
        _url(team), {"description": "Patrolujemy Catford codziennie.", "contact_notes": "Biblioteka w soboty."}
    )
    assert response.status_code == 302
    client.logout()
    polish = client.get(f"/pl/wards/{ward.code}/").content.decode()
    assert "Patrolujemy Catford codziennie." in polish and "Biblioteka w soboty." in polish
    arabic = client.get(f"/ar/wards/{ward.code}/").content.decode()
    assert '<span lang="en" dir="ltr">We patrol Catford every day.</span>' in arabic
    english = client.get(f"/wards/{ward.code}/").content.decode()
    assert "We patrol Catford every day." in english and 'lang="en">We patrol' not in english


def test_changing_the_english_outdates_the_translation(team):
    team.translations = content.with_translation(
        team,
        "pl",
        {"description": "Patrolujemy.", "contact_notes": "Biblioteka."},
        {"description": team.description, "contact_notes": team.contact_notes},
        reviewed=True,
    )
    team.description = "We patrol Catford and Bellingham every day."
    pairs = [("description", team.description), ("contact_notes", team.contact_notes)]
    assert content.status(team, pairs, "pl") == content.OUTDATED
    assert content.pick(team, "description", language="pl").fallback


def test_another_boroughs_administrator_cannot_translate_the_team(client, make_staff, team, other_ward):
    admin = make_staff(Role.ADMINISTRATOR, boroughs=[other_ward.borough], email="lambeth-admin@police.example.test")
    client.force_login(admin)
    assert client.get(reverse("languages:record", args=["team", team.pk])).status_code == 404
    assert client.post(_url(team), {"description": "x", "contact_notes": "y"}).status_code == 404
    team.refresh_from_db()
    assert team.translations == {}
