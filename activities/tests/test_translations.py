"""What staff wrote on a public activity's page, in the visitor's language: translated by whoever may change the
activity, shown on its public page, else the English marked so."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities import permissions
from activities.models import Activity
from activities.tests.factories import ActivityFactory
from core.models import AuditEntry
from languages import content
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

POLISH = {
    "title": "Spotkanie na ulicy",
    "purpose": "Aby usłyszeć, co niepokoi ludzi na targu.",
    "venue": "Catford Broadway",
}


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]
    cache.clear()


@pytest.fixture
def activity(ward, ward_team):
    activity = ActivityFactory(
        organising_unit=ward_team,
        is_public=True,
        title="Street briefing on the high street",
        purpose="To hear what worries people about the market.",
        venue="Catford Broadway",
    )
    activity.wards.set([ward])
    return activity


def _url(activity, code="pl"):
    return reverse("languages:translate", args=["activity", activity.pk, code])


def test_a_planner_translates_the_public_page_and_the_polish_page_shows_it(client, officer, activity):
    client.force_login(officer)
    staff_page = client.get(activity.get_absolute_url()).content.decode()
    assert reverse("languages:record", args=["activity", activity.pk]) in staff_page
    assert client.post(_url(activity), POLISH).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(activity.pk)).exists()
    client.logout()
    html = client.get(f"/pl/activities/public/{activity.pk}/").content.decode()
    assert '<h1 class="govuk-heading-xl">Spotkanie na ulicy</h1>' in html
    assert "Aby usłyszeć, co niepokoi ludzi na targu." in html and "To hear what worries" not in html
    assert "<title>Spotkanie na ulicy" in html
    assert "eh-english-only" not in html


def test_a_changed_purpose_falls_back_to_the_english_marked(client, officer, activity):
    client.force_login(officer)
    client.post(_url(activity), POLISH)
    Activity.objects.filter(pk=activity.pk).update(purpose="To hear about the market and the station.")
    polish = client.get(f"/pl/activities/public/{activity.pk}/").content.decode()
    assert '<span lang="en">To hear about the market and the station.</span>' in polish
    assert "Aby usłyszeć" not in polish and "Spotkanie na ulicy" in polish
    assert "Ten tekst jest dostępny tylko po angielsku." in polish
    arabic = client.get(f"/ar/activities/public/{activity.pk}/").content.decode()
    assert '<span lang="en" dir="ltr">To hear about the market and the station.</span>' in arabic


def test_staff_outside_the_organising_unit_cannot_translate_it(client, make_staff, other_ward, activity):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["activity", activity.pk])).status_code == 404
    assert client.post(_url(activity), POLISH).status_code == 404
    activity.refresh_from_db()
    assert activity.translations == {}


def test_who_may_translate_is_who_may_change_it(make_staff, lewisham, lambeth, ward, other_ward, activity):
    elsewhere = ActivityFactory(is_public=True)
    elsewhere.wards.set([other_ward])
    both = ActivityFactory(is_public=True)
    both.wards.set([ward, other_ward])
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,), email="champion@police.example.test")
    central = make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="central@police.example.test")
    officer = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=activity.organising_unit, email="o@police.example.test")
    for user in (champion, central, officer):
        editable = set(permissions.editable_activities(user))
        for one in (activity, elsewhere, both):
            assert (one in editable) == permissions.can_edit(user, one), (user, one)
    assert activity in set(permissions.editable_activities(champion))
    assert both not in set(permissions.editable_activities(champion))  # half of it lies in Lambeth


def test_private_and_long_past_activities_are_not_offered(client, officer, ward_team, activity):
    private = ActivityFactory(organising_unit=ward_team, is_public=False)
    past = ActivityFactory(organising_unit=ward_team, is_public=True, starts_at=timezone.now() - timedelta(days=200))
    client.force_login(officer)
    for other in (private, past):
        assert client.get(reverse("languages:record", args=["activity", other.pk])).status_code == 404


def test_the_translators_file_carries_activities_and_refuses_bad_rows(client, officer, activity):
    client.force_login(officer)
    exported = client.get(reverse("languages:export") + "?language=pl").content.decode()
    assert f"activity,{activity.pk},title,Street briefing on the high street," in exported
    header = "kind,id,field,English,translation\n"
    bad = header + f"activity,{activity.pk},title,x,{'y' * 201}\nactivity,{activity.pk},use_of_results,x,y\n"
    upload = SimpleUploadedFile("pl.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("languages:overview"), {"language": "pl", "file": upload})
    assert response.status_code == 400
    assert "Row 2:" in response.content.decode() and "Row 3:" in response.content.decode()  # no use of results
    activity.refresh_from_db()
    assert activity.translations == {}
    good = header + "".join(f'activity,{activity.pk},{name},x,"{value}"\n' for name, value in POLISH.items())
    upload = SimpleUploadedFile("pl.csv", good.encode(), content_type="text/csv")
    assert client.post(reverse("languages:overview"), {"language": "pl", "file": upload}).status_code == 302
    activity.refresh_from_db()
    assert content.text(activity, "title", language="pl") == POLISH["title"]
