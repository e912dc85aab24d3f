"""The monitoring questions are shown in the page's language; what is stored is always the answer's code."""

import polib
import pytest
from django.utils import translation

from equality import services
from equality.forms import EqualityMonitoringForm
from equality.models import new_subject_key
from equality.questions import QUESTIONS
from languages import catalogues, choices


def test_the_questions_and_answers_are_shown_in_polish():
    with translation.override("pl"):
        form = EqualityMonitoringForm()
        assert str(form.fields["sex"].label) == "Jaka jest Twoja płeć?"
        assert str(form.fields["sex"].help_text) == "Potem jest pytanie o tożsamość płciową."
        assert [(v, str(label)) for v, label in form.fields["sex"].choices] == [
            ("female", "Kobieta"),
            ("male", "Mężczyzna"),
            ("prefer_not", "Wolę nie mówić"),
        ]
        assert str(form.fields["age_band"].help_text) == ""  # no hint, not the catalogue's header


def test_every_question_hint_and_answer_is_in_every_catalogue():
    texts = {t for q in QUESTIONS for t in (q.label, q.hint, *(label for _, label in q.choices())) if t}
    for code in (language.code for language in choices.TRANSLATED):
        catalogue = polib.pofile(str(catalogues.locale_dir() / code / "LC_MESSAGES" / "django.po"))
        done = {e.msgid for e in catalogue if e.translated()}
        assert texts - done == set(), code


def test_answers_given_on_a_polish_page_are_stored_as_codes():
    with translation.override("pl"):
        form = EqualityMonitoringForm({"sex": "female", "ethnic_group": "white_roma", "disability": "prefer_not"})
        assert form.is_valid()
        answers = form.answers()
    assert answers["sex"] == "female" and answers["ethnic_group"] == "white_roma"
    assert answers["disability"] == "prefer_not"


def test_a_translated_label_sent_as_an_answer_is_refused():
    with translation.override("pl"):
        form = EqualityMonitoringForm({"sex": "Kobieta"})
        assert not form.is_valid()
        assert "sex" in form.errors


@pytest.mark.django_db
def test_the_page_to_delete_answers_is_in_polish(client, settings):
    settings.LIVE_LANGUAGES = ["pl"]
    key = new_subject_key()
    services.record_answers(subject_key=key, contexts=["consultation:1"], answers={"sex": "male"})
    url = f"/pl/equality/withdraw/{services.withdraw_token(key)}/"
    page = client.get(url).content.decode()
    assert "Usuń swoje odpowiedzi o równym traktowaniu" in page
    done = client.post(url).content.decode()
    assert "Twoje odpowiedzi zostały usunięte" in done
    forged = client.get("/pl/equality/withdraw/nope/")
    assert forged.status_code == 404
    assert "Ten link jest nieprawidłowy. Sprawdź" in forged.content.decode()
