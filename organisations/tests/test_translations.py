"""A neighbourhood team's own words on its ward's page, translated by whoever may change the team."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from languages import content
from organisations.models import Post, Role
from organisations.tests.factories import PostFactory

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


@pytest.fixture
def sergeant(team):
    cache.clear()
    return PostFactory(
        unit=team, role=Role.NEIGHBOURHOOD_OFFICER, listed_publicly=True, public_bio="I run the Saturday surgery."
    )


def _member_url(post, code="pl"):
    return reverse("languages:translate", args=["team-member", post.pk, code])


def test_a_team_members_job_title_is_translated_and_shown_on_the_polish_ward_page(
    client, make_staff, team, ward, sergeant
):
    admin = make_staff(Role.ADMINISTRATOR, boroughs=[ward.borough], email="lewisham-admin@police.example.test")
    client.force_login(admin)
    team_page = client.get(reverse("languages:record", args=["team", team.pk])).content.decode()
    assert reverse("languages:record", args=["team-member", sergeant.pk]) in team_page
    data = {"job_title": "Sierżant policji", "public_bio": "Prowadzę sobotnie dyżury."}
    assert client.post(_member_url(sergeant), data).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(sergeant.pk)).exists()
    client.logout()
    polish = client.get(f"/pl/wards/{ward.code}/").content.decode()
    assert "Sierżant policji" in polish and "Prowadzę sobotnie dyżury." in polish
    assert "Police Sergeant" not in polish


def test_a_changed_job_title_falls_back_to_the_english_marked(client, make_staff, ward, sergeant):
    admin = make_staff(Role.ADMINISTRATOR, boroughs=[ward.borough], email="lewisham-admin@police.example.test")
    client.force_login(admin)
    client.post(_member_url(sergeant), {"job_title": "Sierżant policji", "public_bio": "Prowadzę dyżury."})
    Post.objects.filter(pk=sergeant.pk).update(job_title="Police Inspector")
    cache.clear()
    polish = client.get(f"/pl/wards/{ward.code}/").content.decode()
    assert '<span lang="en">Police Inspector</span>' in polish and "Sierżant" not in polish
    assert "Ten tekst jest dostępny tylko po angielsku." in polish
    arabic = client.get(f"/ar/wards/{ward.code}/").content.decode()
    assert '<span lang="en" dir="ltr">Police Inspector</span>' in arabic


def test_another_boroughs_administrator_cannot_translate_a_team_member(client, make_staff, other_ward, sergeant):
    admin = make_staff(Role.ADMINISTRATOR, boroughs=[other_ward.borough], email="lambeth-admin@police.example.test")
    client.force_login(admin)
    assert client.get(reverse("languages:record", args=["team-member", sergeant.pk])).status_code == 404
    assert client.post(_member_url(sergeant), {"job_title": "x", "public_bio": "y"}).status_code == 404
    sergeant.refresh_from_db()
    assert sergeant.translations == {}


def test_a_member_not_listed_publicly_is_not_offered(client, make_staff, team, ward):
    hidden = PostFactory(unit=team, role=Role.NEIGHBOURHOOD_OFFICER, listed_publicly=False)
    admin = make_staff(Role.ADMINISTRATOR, boroughs=[ward.borough], email="lewisham-admin@police.example.test")
    client.force_login(admin)
    assert client.get(reverse("languages:record", args=["team-member", hidden.pk])).status_code == 404


def test_the_translators_file_carries_team_members_and_refuses_bad_rows(client, make_staff, ward, sergeant):
    admin = make_staff(Role.ADMINISTRATOR, boroughs=[ward.borough], email="lewisham-admin@police.example.test")
    client.force_login(admin)
    exported = client.get(reverse("languages:export") + "?language=pl").content.decode()
    assert f"team-member,{sergeant.pk},job_title,Police Sergeant," in exported
    header = "kind,id,field,English,translation\n"
    bad = header + f"team-member,{sergeant.pk},job_title,x,{'y' * 151}\nteam-member,{sergeant.pk},photo,x,y\n"
    upload = SimpleUploadedFile("pl.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("languages:overview"), {"language": "pl", "file": upload})
    assert response.status_code == 400
    assert "Row 2:" in response.content.decode() and "Row 3:" in response.content.decode()
    sergeant.refresh_from_db()
    assert sergeant.translations == {}
