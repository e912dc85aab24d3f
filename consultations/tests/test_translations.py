"""Consultations in the visitor's language: staff translate the description, sections, questions and answers to
choose from; answers are still stored and analysed by the English option."""

import pytest
from django.urls import reverse

from consultations.models import Answer, Response
from consultations.tests.factories import build_survey
from languages import content, translating
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def lead(make_staff, lewisham):
    unit = UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham)
    return make_staff(Role.BOROUGH_CHAMPION, unit=unit, boroughs=[lewisham])


def _translate(record, code, values):
    sources = {name: content.text(record, name, language="en-gb") for name in values if not name.startswith("opt")}
    sources.update({name: str(record.options[int(name.split(".")[1])]) for name in values if name.startswith("opt")})
    record.translations = content.with_translation(record, code, values, sources, reviewed=False)
    record.save()


def test_a_question_answered_in_polish_is_stored_by_its_english_option(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    _translate(qs["seen"], "pl", {"text": "Czy widziałeś patrol?", "option.0": "Tak", "option.1": "Nie"})
    _translate(
        qs["topics"], "pl", {"text": "Tematy", "option.0": "Narkotyki", "option.1": "Prędkość", "option.2": "Włamania"}
    )
    page = client.get(f"/pl/consultations/{c.slug}/answer/").content.decode()
    assert "Czy widziałeś patrol?" in page
    assert 'value="Yes"' in page and ">Tak</label>" in page.replace("\n", "").replace("  ", "")
    assert '<span lang="en">Question safe</span>' in page  # not translated: marked English
    assert "eh-english-only" in page
    data = {
        "idempotency_key": "k1",
        qs["seen"].field_name: "Yes",
        qs["where"].field_name: "Patrol",
        qs["safe"].field_name: "4",
        qs["topics"].field_name: ["Drugs", "Burglary"],
    }
    response = client.post(f"/pl/consultations/{c.slug}/answer/", data)
    assert response.status_code == 302
    stored = set(Answer.objects.filter(response=Response.objects.get()).values_list("option", flat=True))
    assert {"Yes", "Drugs", "Burglary"} <= stored
    assert not stored & {"Tak", "Narkotyki", "Włamania"}


def test_a_translated_label_is_not_accepted_as_an_answer(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    _translate(qs["seen"], "pl", {"text": "Czy widziałeś patrol?", "option.0": "Tak", "option.1": "Nie"})
    data = {"idempotency_key": "k1", qs["seen"].field_name: "Tak", qs["safe"].field_name: "4"}
    response = client.post(f"/pl/consultations/{c.slug}/answer/", data)
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_the_arabic_consultation_page_marks_english_left_to_right(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham], title="Front counter")
    _translate(c, "ar", {"title": "مكتب الاستقبال"})
    html = client.get(f"/ar/consultations/{c.slug}/").content.decode()
    assert "مكتب الاستقبال" in html  # partly translated: the title shows, the rest is English
    assert '<span lang="en" dir="ltr">Move the front counter to the library.</span>' in html
    assert '<span lang="en" dir="ltr">Question seen</span>' in html
    assert "eh-english-only" in html


def test_a_lead_translates_a_question_from_the_consultations_translations_page(client, lead, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    client.force_login(lead)
    page = client.get(reverse("languages:record", args=["consultation", c.pk])).content.decode()
    assert reverse("languages:record", args=["consultation-question", qs["seen"].pk]) in page
    url = reverse("languages:translate", args=["consultation-question", qs["seen"].pk, "pl"])
    form = client.get(url).content.decode()
    assert "English: Yes" in form
    bad = client.post(url, {"text": "Czy?", "option.0": "Tak", "option.1": "x" * 201})
    assert bad.status_code == 400
    qs["seen"].refresh_from_db()
    assert qs["seen"].translations == {}
    good = client.post(url, {"text": "Czy?", "option.0": "Tak", "option.1": "Nie"})
    assert good.status_code == 302
    qs["seen"].refresh_from_db()
    assert content.text(qs["seen"], "option.0", "Yes", language="pl") == "Tak"


def test_another_boroughs_lead_cannot_translate_it(client, make_staff, lambeth, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    unit = UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lambeth)
    stranger = make_staff(Role.BOROUGH_CHAMPION, unit=unit, boroughs=[lambeth], email="lambeth@police.example.test")
    client.force_login(stranger)
    assert client.get(reverse("languages:record", args=["consultation", c.pk])).status_code == 404
    url = reverse("languages:translate", args=["consultation-question", qs["seen"].pk, "pl"])
    assert client.post(url, {"text": "Czy?", "option.0": "Tak", "option.1": "Nie"}).status_code == 404
    assert all(not row for row in [qs["seen"].translations])


def test_changing_an_option_outdates_its_translation(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    question = qs["seen"]
    _translate(question, "pl", {"text": "Czy?", "option.0": "Tak", "option.1": "Nie"})
    kind = translating.kind_named("consultation-question")
    pairs = [(t.field, t.english) for t in translating.sources_of(kind, question)]
    assert content.status(question, pairs, "pl") == content.UP_TO_DATE
    question.options = ["Yes", "No", "Not sure"]
    question.save()
    pairs = [(t.field, t.english) for t in translating.sources_of(kind, question)]
    assert content.status(question, pairs, "pl") == content.MISSING
    question.options = ["Yes, often", "No"]
    question.save()
    pairs = [(t.field, t.english) for t in translating.sources_of(kind, question)]
    assert content.status(question, pairs, "pl") == content.OUTDATED
