"""A group's name and what it does in the visitor's language: translated by whoever may manage the group."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from groups.models import CommunityGroup
from groups.tests.factories import WardPanelFactory
from languages import content
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

POLISH = {"name": "Panel dzielnicy Catford South", "purpose": "Ustala priorytety policji."}


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def panel(ward):
    return WardPanelFactory(ward=ward, purpose="Sets the ward's policing priorities.", accepts_join_requests=True)


def _url(group, code="pl"):
    return reverse("languages:translate", args=["group", group.pk, code])


def test_an_officer_translates_a_panel_and_its_polish_pages_show_it(client, officer, ward, panel):
    client.force_login(officer)
    staff_page = client.get(panel.get_absolute_url()).content.decode()
    assert reverse("languages:record", args=["group", panel.pk]) in staff_page
    assert client.post(_url(panel), POLISH).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(panel.pk)).exists()
    client.logout()
    html = client.get(f"/pl/groups/g/{panel.slug}/").content.decode()
    assert '<h1 class="govuk-heading-xl">Panel dzielnicy Catford South</h1>' in html
    assert "Ustala priorytety policji." in html and "Sets the ward" not in html
    assert "<title>Panel dzielnicy Catford South" in html
    assert "Panel dzielnicy Catford South" in client.get(f"/pl/groups/g/{panel.slug}/join/").content.decode()
    assert "Panel dzielnicy Catford South" in client.get(f"/pl/wards/{ward.code}/").content.decode()


def test_a_changed_purpose_falls_back_to_the_english_marked(client, officer, panel):
    client.force_login(officer)
    client.post(_url(panel), POLISH)
    CommunityGroup.objects.filter(pk=panel.pk).update(purpose="Sets and reviews the ward's priorities.")
    polish = client.get(f"/pl/groups/g/{panel.slug}/").content.decode()
    assert "Panel dzielnicy Catford South" in polish  # the name's translation is still current
    assert '<span lang="en">Sets and reviews the ward&#x27;s priorities.</span>' in polish
    assert "Ustala priorytety" not in polish and "Ten tekst jest dostępny tylko po angielsku." in polish
    arabic = client.get(f"/ar/groups/g/{panel.slug}/").content.decode()
    assert f'<span lang="en" dir="ltr">{panel.name}</span>' in arabic


def test_another_boroughs_officer_cannot_translate_the_group(client, make_staff, other_ward, panel):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["group", panel.pk])).status_code == 404
    assert client.post(_url(panel), POLISH).status_code == 404
    panel.refresh_from_db()
    assert panel.translations == {}


def test_the_translators_file_carries_groups_and_refuses_bad_rows(client, officer, panel):
    client.force_login(officer)
    exported = client.get(reverse("languages:export") + "?language=pl").content.decode()
    assert f"group,{panel.pk},name,{panel.name}," in exported
    header = "kind,id,field,English,translation\n"
    bad = header + f"group,{panel.pk},name,x,{'y' * 201}\ngroup,{panel.pk},purpose,x,+cmd\n"
    upload = SimpleUploadedFile("pl.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("languages:overview"), {"language": "pl", "file": upload})
    assert response.status_code == 400
    assert "Row 2:" in response.content.decode() and "Row 3:" in response.content.decode()
    half = header + f"group,{panel.pk},name,x,Panel\n"  # the purpose left untranslated
    upload = SimpleUploadedFile("pl.csv", half.encode(), content_type="text/csv")
    assert client.post(reverse("languages:overview"), {"language": "pl", "file": upload}).status_code == 400
    panel.refresh_from_db()
    assert panel.translations == {}
    good = header + f"group,{panel.pk},name,x,{POLISH['name']}\ngroup,{panel.pk},purpose,x,{POLISH['purpose']}\n"
    upload = SimpleUploadedFile("pl.csv", good.encode(), content_type="text/csv")
    assert client.post(reverse("languages:overview"), {"language": "pl", "file": upload}).status_code == 302
    panel.refresh_from_db()
    assert content.text(panel, "name", language="pl") == POLISH["name"]
