"""The shared mechanism for staff-written texts: which text a page shows, and when a translation is outdated."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from languages import content


def _record(**translations):
    return SimpleNamespace(issue="Parking on the pavement", translations=translations)


def _translated(text="Parkowanie na chodniku", english="Parking on the pavement"):
    return {"issue": text, content.SOURCE: {"issue": content.fingerprint(english)}, content.REVIEWED: False}


def test_a_page_in_polish_shows_the_polish_translation():
    shown = content.pick(_record(pl=_translated()), "issue", language="pl")
    assert (shown.text, shown.language, shown.fallback) == ("Parkowanie na chodniku", "pl", False)


def test_a_language_without_a_translation_falls_back_to_english():
    shown = content.pick(_record(pl=_translated()), "issue", language="ar")
    assert (shown.text, shown.language, shown.fallback) == ("Parking on the pavement", "en-gb", True)


def test_english_pages_never_call_the_english_a_fallback():
    assert not content.pick(_record(), "issue", language="en-gb").fallback


def test_a_translation_of_other_english_is_outdated_and_not_shown():
    record = _record(pl=_translated(english="Parking on the kerb"))
    assert content.field_status(record, "issue", record.issue, "pl") == content.OUTDATED
    assert content.status(record, [("issue", record.issue)], "pl") == content.OUTDATED
    assert content.pick(record, "issue", language="pl").fallback


def test_status_is_missing_until_every_text_is_translated():
    record = SimpleNamespace(issue="A", action="B", translations={"pl": _translated("a", "A")})
    assert content.status(record, [("issue", "A"), ("action", "B")], "pl") == content.MISSING
    assert content.status(record, [("issue", "A")], "pl") == content.UP_TO_DATE


def test_changing_one_language_keeps_the_others():
    record = _record(ar=_translated("ركن السيارات"))
    updated = content.with_translation(record, "pl", {"issue": "Parkowanie"}, {"issue": record.issue}, reviewed=True)
    assert set(updated) == {"ar", "pl"} and updated["pl"][content.REVIEWED] is True
    assert content.with_translation(record, "ar", {"issue": " "}, {"issue": record.issue}, reviewed=False) == {}


def _render(source, **context):
    return Template("{% load staff_texts %}" + source).render(Context(context))


def test_english_in_a_right_to_left_page_is_marked_english_and_left_to_right():
    with translation.override("ar"):
        html = _render('{% staff_text r "issue" %}{% english_only r "issue" %}', r=_record())
    assert html.startswith('<span lang="en" dir="ltr">Parking on the pavement</span>')
    assert 'class="govuk-body-s eh-english-only"' in html


def test_english_in_a_left_to_right_page_is_marked_english_only():
    with translation.override("pl"):
        assert _render('{% staff_text r "issue" %}', r=_record()) == '<span lang="en">Parking on the pavement</span>'


def test_a_translation_is_shown_as_text_never_as_html():
    record = _record(pl=_translated('<script>alert("x")</script><b>bold</b>'))
    with translation.override("pl"):
        html = _render('{% staff_text r "issue" lines=True %}{% english_only r "issue" %}', r=record)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "eh-english-only" not in html


def test_the_english_page_has_no_notice_and_no_lang_attribute():
    with translation.override("en-gb"):
        assert _render('{% staff_text r "issue" %}{% english_only r "issue" %}', r=_record()) == (
            "Parking on the pavement"
        )


@pytest.mark.django_db
def test_the_report_counts_staff_written_texts_per_language(capsys, ward):
    from django.core.management import call_command

    from priorities.tests.factories import PriorityFactory

    priority = PriorityFactory(ward=ward, issue="Drugs", action="Patrols")
    PriorityFactory(ward=ward, issue="Speeding", action="Checks")
    priority.translations = content.with_translation(
        priority, "pl", {"issue": "N", "action": "P"}, {"issue": "Drugs", "action": "Patrols"}, reviewed=True
    )
    priority.save()
    call_command("translation_report", "--language", "pl")
    out = capsys.readouterr().out
    assert "Texts staff write" in out
    line = out.split("Texts staff write")[1].splitlines()[-1]
    assert line.split()[2:] == ["1/2", "1", "0", "1"]
