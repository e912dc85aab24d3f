"""Ward priorities in the visitor's language: staff translate them; pages show the translation or say plainly
that the text is only available in English."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.tests.query_budget import count_queries, use_database_cache
from languages import content
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory
from priorities import services
from priorities.models import PanelRound, Review
from priorities.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]


def _translate(priority, code, issue, action, *, english=None):
    sources = {"issue": english or priority.issue, "action": priority.action}
    priority.translations = content.with_translation(
        priority, code, {"issue": issue, "action": action}, sources, reviewed=False
    )
    priority.save()


def _url(priority, code="pl"):
    return reverse("languages:translate", args=["priority", priority.pk, code])


def test_the_polish_ward_page_shows_the_polish_priority(client, ward):
    priority = PriorityFactory(ward=ward, issue="Drug dealing by the station", action="Weekly patrols")
    _translate(priority, "pl", "Handel narkotykami przy stacji", "Cotygodniowe patrole")
    html = client.get(f"/pl/wards/{ward.code}/").content.decode()
    assert "Handel narkotykami przy stacji" in html and "Cotygodniowe patrole" in html
    assert "Drug dealing by the station" not in html
    assert "eh-english-only" not in html


def test_the_arabic_ward_page_marks_the_english_it_falls_back_to(client, ward):
    PriorityFactory(ward=ward, issue="Drug dealing by the station", action="Weekly patrols")
    html = client.get(f"/ar/wards/{ward.code}/").content.decode()
    assert '<span lang="en" dir="ltr">Drug dealing by the station</span>' in html
    assert '<span lang="en" dir="ltr">Weekly patrols</span>' in html
    assert "eh-english-only" in html


def test_an_outdated_translation_gives_way_to_the_current_english(client, ward):
    priority = PriorityFactory(ward=ward, issue="Drug dealing by the station", action="Weekly patrols")
    _translate(priority, "pl", "Handel narkotykami", "Cotygodniowe patrole", english="Drug dealing")
    html = client.get(f"/pl/priorities/wards/{ward.code}/").content.decode()
    assert "Handel narkotykami" not in html
    assert '<span lang="en">Drug dealing by the station</span>' in html and "eh-english-only" in html


def test_an_officer_translates_a_priority_and_the_change_is_audited(client, officer, ward):
    priority = PriorityFactory(ward=ward, issue="Drug dealing", action="Patrols")
    client.force_login(officer)
    assert "Missing" in client.get(reverse("languages:record", args=["priority", priority.pk])).content.decode()
    page = client.get(_url(priority))
    assert page.status_code == 200 and "English: Drug dealing" in page.content.decode()
    response = client.post(_url(priority), {"issue": "Handel narkotykami", "action": "Patrole", "reviewed": "on"})
    assert response.status_code == 302
    priority.refresh_from_db()
    assert content.text(priority, "issue", language="pl") == "Handel narkotykami"
    assert content.is_reviewed(priority, "pl")
    entry = AuditEntry.objects.get(action="languages.translation.save")
    assert entry.object_id == str(priority.pk) and entry.changes["language"] == "pl"
    listing = client.get(reverse("languages:record", args=["priority", priority.pk])).content.decode()
    assert "Up to date" in listing


@pytest.mark.parametrize(
    "data",
    [
        {"issue": "Handel narkotykami", "action": ""},  # half a translation
        {"issue": "x" * 20_001, "action": "Patrole"},  # longer than the English may be
        {"issue": "", "action": "", "reviewed": "on"},  # reviewed, but nothing written
    ],
)
def test_bad_translations_are_refused_with_a_400_and_nothing_saved(client, officer, ward, data):
    priority = PriorityFactory(ward=ward, issue="Drug dealing", action="Patrols")
    client.force_login(officer)
    response = client.post(_url(priority), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    priority.refresh_from_db()
    assert priority.translations == {}
    assert not AuditEntry.objects.filter(action__startswith="languages.translation").exists()


def test_a_language_the_site_does_not_have_is_not_found(client, officer, ward):
    priority = PriorityFactory(ward=ward)
    client.force_login(officer)
    assert client.get(_url(priority, "xx")).status_code == 404
    assert client.post(_url(priority, "en-gb"), {"issue": "a", "action": "b"}).status_code == 404


def test_another_boroughs_officer_cannot_find_the_priority(client, make_staff, other_ward, ward):
    priority = PriorityFactory(ward=ward)
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["priority", priority.pk])).status_code == 404
    assert client.post(_url(priority), {"issue": "a", "action": "b"}).status_code == 404
    priority.refresh_from_db()
    assert priority.translations == {}


def test_the_public_is_asked_to_sign_in(client, ward):
    priority = PriorityFactory(ward=ward)
    response = client.post(_url(priority), {"issue": "a", "action": "b"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_translation_with_html_is_shown_as_text(client, ward):
    priority = PriorityFactory(ward=ward, issue="Drugs", action="Patrols")
    _translate(priority, "pl", '<img src=x onerror="alert(1)">', "<b>Patrole</b>")
    html = client.get(f"/pl/wards/{ward.code}/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in html and "<b>Patrole</b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_translated_ward_page_takes_the_english_pages_queries(client, settings, ward, ward_team):
    use_database_cache(settings)
    for n in range(3):
        priority = PriorityFactory(ward=ward, issue=f"Issue {n}", action=f"Action {n}")
        _translate(priority, "pl", f"Problem {n}", f"Działanie {n}")
    english, _ = count_queries(client, f"/wards/{ward.code}/?built")
    polish, statements = count_queries(client, f"/pl/wards/{ward.code}/?built")
    arabic, _ = count_queries(client, f"/ar/wards/{ward.code}/?built")
    assert polish == english == arabic, statements


@pytest.fixture
def review(ward):
    priority = PriorityFactory(ward=ward, issue="Drug dealing", action="Patrols")
    return Review.objects.create(
        priority=priority, reviewed_on=datetime.date(2026, 10, 1), done="Six arrests", outcome="continued"
    )


def _review_url(review, code="pl"):
    return reverse("languages:translate", args=["priority-review", review.pk, code])


def test_a_review_is_translated_from_its_prioritys_page_and_shown_in_polish(client, officer, ward, review):
    client.force_login(officer)
    page = client.get(reverse("languages:record", args=["priority", review.priority.pk])).content.decode()
    assert reverse("languages:record", args=["priority-review", review.pk]) in page
    assert client.post(_review_url(review), {"done": "Sześć aresztowań"}).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(review.pk)).exists()
    client.logout()
    html = client.get(f"/pl/priorities/wards/{ward.code}/").content.decode()
    assert "Sześć aresztowań" in html and "Six arrests" not in html


def test_a_changed_review_falls_back_to_the_english_marked(client, officer, ward, review):
    client.force_login(officer)
    client.post(_review_url(review), {"done": "Sześć aresztowań"})
    Review.objects.filter(pk=review.pk).update(done="Seven arrests")
    polish = client.get(f"/pl/priorities/wards/{ward.code}/").content.decode()
    assert '<span lang="en">Seven arrests</span>' in polish and "Sześć aresztowań" not in polish
    arabic = client.get(f"/ar/priorities/wards/{ward.code}/").content.decode()
    assert '<span lang="en" dir="ltr">Seven arrests</span>' in arabic


def test_another_boroughs_officer_cannot_translate_a_review(client, make_staff, other_ward, review):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["priority-review", review.pk])).status_code == 404
    assert client.post(_review_url(review), {"done": "x"}).status_code == 404
    review.refresh_from_db()
    assert review.translations == {}


def test_the_translators_file_carries_reviews_and_refuses_bad_rows(client, officer, review):
    client.force_login(officer)
    exported = client.get(reverse("languages:export") + "?language=pl").content.decode()
    assert f"priority-review,{review.pk},done,Six arrests," in exported
    header = "kind,id,field,English,translation\n"
    bad = header + f"priority-review,{review.pk},done,Six arrests,=SUM(A1)\npriority-review,{review.pk},x,y,z\n"
    upload = SimpleUploadedFile("pl.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("languages:overview"), {"language": "pl", "file": upload})
    assert response.status_code == 400
    assert "Row 2:" in response.content.decode() and "Row 3:" in response.content.decode()
    review.refresh_from_db()
    assert review.translations == {}
    good = header + f"priority-review,{review.pk},done,Six arrests,Sześć aresztowań\n"
    upload = SimpleUploadedFile("pl.csv", good.encode(), content_type="text/csv")
    assert client.post(reverse("languages:overview"), {"language": "pl", "file": upload}).status_code == 302
    review.refresh_from_db()
    assert content.text(review, "done", language="pl") == "Sześć aresztowań"


@pytest.fixture
def panel_round(ward, officer):
    now = timezone.now()
    return services.open_panel_round(
        ward=ward,
        by=officer,
        title="Next priority for Catford",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=7),
        options=[{"category": "asb", "issue": "Noise"}, {"category": "drugs", "issue": "Dealing"}],
    )


def _round_url(panel_round, code="pl"):
    return reverse("languages:translate", args=["panel-round", panel_round.pk, code])


def test_a_votes_title_is_translated_from_the_wards_staff_page_and_shown_in_polish(client, officer, ward, panel_round):
    client.force_login(officer)
    manage = client.get(reverse("priorities:manage_ward", args=[ward.code])).content.decode()
    assert reverse("languages:record", args=["panel-round", panel_round.pk]) in manage
    assert client.post(_round_url(panel_round), {"title": "Kolejny priorytet dla Catford"}).status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(panel_round.pk)).exists()
    client.logout()
    html = client.get(f"/pl/priorities/wards/{ward.code}/panel/").content.decode()
    assert "Kolejny priorytet dla Catford" in html and "Next priority for Catford" not in html


def test_a_changed_votes_title_falls_back_to_the_english_marked(client, officer, ward, panel_round):
    client.force_login(officer)
    client.post(_round_url(panel_round), {"title": "Kolejny priorytet dla Catford"})
    PanelRound.objects.filter(pk=panel_round.pk).update(title="Next priority", closes_at=timezone.now())
    polish = client.get(f"/pl/priorities/wards/{ward.code}/panel/").content.decode()
    assert '<span lang="en">Next priority</span>' in polish and "Kolejny priorytet" not in polish
    assert "Ten tekst jest dostępny tylko po angielsku." in polish
    arabic = client.get(f"/ar/priorities/wards/{ward.code}/panel/").content.decode()
    assert '<span lang="en" dir="ltr">Next priority</span>' in arabic


def test_another_boroughs_officer_cannot_translate_a_votes_title(client, make_staff, other_ward, panel_round):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["panel-round", panel_round.pk])).status_code == 404
    assert client.post(_round_url(panel_round), {"title": "x"}).status_code == 404
    panel_round.refresh_from_db()
    assert panel_round.translations == {}


def test_the_translators_file_carries_votes_titles_and_refuses_bad_rows(client, officer, panel_round):
    client.force_login(officer)
    exported = client.get(reverse("languages:export") + "?language=pl").content.decode()
    assert f"panel-round,{panel_round.pk},title,Next priority for Catford," in exported
    header = "kind,id,field,English,translation\n"
    bad = header + f"panel-round,{panel_round.pk},title,x,{'y' * 201}\n"  # longer than the English may be
    upload = SimpleUploadedFile("pl.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("languages:overview"), {"language": "pl", "file": upload})
    assert response.status_code == 400 and "Row 2:" in response.content.decode()
    panel_round.refresh_from_db()
    assert panel_round.translations == {}
