""" "We asked, you said, we did" in the visitor's language: translated by whoever may add to the record."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from feedback import services
from feedback.models import FeedbackEntry
from languages import content
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def record(ward, officer):
    record = services.ensure_record(
        subject=ward, by=officer, title="Knife crime meeting", asked="What worries you?", wards=[ward]
    )
    services.add_entry(record=record, by=officer, kind="did", text="We added patrols")
    record.refresh_from_db()
    return record


def _url(record, code="pl"):
    return reverse("languages:translate", args=["feedback", record.pk, code])


def test_an_officer_translates_a_record_and_the_polish_page_shows_it(client, officer, record):
    client.force_login(officer)
    assert "Translations" in client.get(reverse("feedback:staff_list") + "?state=all").content.decode()
    data = {"title": "Spotkanie o przestępczości z nożem", "asked": "Co cię martwi?", "did": "Dodaliśmy patrole"}
    assert client.post(_url(record), data).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(record.pk)).exists()
    client.logout()
    html = client.get(f"/pl/feedback/{record.pk}/").content.decode()
    assert "Spotkanie o przestępczości z nożem" in html and "Dodaliśmy patrole" in html
    # The update itself has no translation: English, marked, with the notice in Polish.
    assert '<span lang="en">We added patrols</span>' in html


def test_the_notice_is_in_the_pages_language(client, record):
    polish = client.get(f"/pl/feedback/{record.pk}/").content.decode()
    assert "Ten tekst jest dostępny tylko po angielsku." in polish
    arabic = client.get(f"/ar/feedback/{record.pk}/").content.decode()
    assert "هذا النص متوفر باللغة الإنجليزية فقط." in arabic
    assert '<span lang="en" dir="ltr">Knife crime meeting</span>' in arabic


def test_changing_what_was_done_outdates_the_translation(client, officer, record):
    client.force_login(officer)
    data = {"title": "Spotkanie", "asked": "Co cię martwi?", "did": "Dodaliśmy patrole"}
    client.post(_url(record), data)
    services.add_entry(record=record, by=officer, kind="did", text="We also met the council")
    record.refresh_from_db()
    pairs = [(name, getattr(record, name)) for name in ("title", "asked", "said", "did")]
    assert content.status(record, pairs, "pl") == content.OUTDATED
    html = client.get(f"/pl/feedback/{record.pk}/").content.decode()
    assert "Dodaliśmy patrole" not in html and "Spotkanie" in html


def test_a_title_longer_than_the_english_may_be_is_refused(client, officer, record):
    client.force_login(officer)
    data = {"title": "x" * 256, "asked": "Co cię martwi?", "did": "Dodaliśmy patrole"}
    assert client.post(_url(record), data).status_code == 400
    record.refresh_from_db()
    assert record.translations == {}


def test_another_boroughs_officer_cannot_translate_it(client, make_staff, other_ward, record):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["feedback", record.pk])).status_code == 404
    assert client.post(_url(record), {"title": "x", "asked": "y", "did": "z"}).status_code == 404


@pytest.fixture
def update(record):
    return FeedbackEntry.objects.get(record=record, kind="did")


def _update_url(update, code="pl"):
    return reverse("languages:translate", args=["feedback-update", update.pk, code])


def test_an_update_is_translated_from_the_records_page_and_the_polish_page_shows_it(client, officer, record, update):
    client.force_login(officer)
    languages_page = client.get(reverse("languages:record", args=["feedback", record.pk])).content.decode()
    assert reverse("languages:record", args=["feedback-update", update.pk]) in languages_page
    assert client.post(_update_url(update), {"text": "Dodaliśmy patrole"}).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(update.pk)).exists()
    client.logout()
    html = client.get(f"/pl/feedback/{record.pk}/").content.decode()
    assert '<p class="govuk-body">Dodaliśmy patrole</p>' in html
    assert '<p class="govuk-body"><span lang="en">We added patrols' not in html  # the record's own "did" is not


def test_a_changed_update_falls_back_to_english_marked(client, officer, record, update):
    client.force_login(officer)
    client.post(_update_url(update), {"text": "Dodaliśmy patrole"})
    FeedbackEntry.objects.filter(pk=update.pk).update(text="We added two patrols")
    html = client.get(f"/ar/feedback/{record.pk}/").content.decode()
    assert '<span lang="en" dir="ltr">We added two patrols</span>' in html
    polish = client.get(f"/pl/feedback/{record.pk}/").content.decode()
    assert '<span lang="en">We added two patrols</span>' in polish and "Dodaliśmy patrole" not in polish
    assert "Ten tekst jest dostępny tylko po angielsku." in polish


def test_another_boroughs_officer_cannot_translate_an_update(client, make_staff, other_ward, update):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["feedback-update", update.pk])).status_code == 404
    assert client.post(_update_url(update), {"text": "x"}).status_code == 404
    update.refresh_from_db()
    assert update.translations == {}


def test_the_translators_file_carries_updates_and_refuses_bad_rows(client, officer, make_staff, other_ward, update):
    client.force_login(officer)
    exported = client.get(reverse("languages:export") + "?language=pl").content.decode()
    assert f"feedback-update,{update.pk},text,We added patrols," in exported
    header = "kind,id,field,English,translation\n"
    too_long = "x" * 20_001
    bad = header + f"feedback-update,{update.pk},text,We added patrols,{too_long}\nfeedback-update,0,text,x,y\n"
    upload = SimpleUploadedFile("pl.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("languages:overview"), {"language": "pl", "file": upload})
    assert response.status_code == 400
    assert "Row 2:" in response.content.decode() and "Row 3:" in response.content.decode()
    update.refresh_from_db()
    assert update.translations == {}
    good = header + f"feedback-update,{update.pk},text,We added patrols,Dodaliśmy patrole\n"
    upload = SimpleUploadedFile("pl.csv", good.encode(), content_type="text/csv")
    assert client.post(reverse("languages:overview"), {"language": "pl", "file": upload}).status_code == 302
    update.refresh_from_db()
    assert content.text(update, "text", language="pl") == "Dodaliśmy patrole"
    assert not content.is_reviewed(update, "pl")
