"""Plain English, and translations that keep it plain: how hard the key public pages (find your ward, raise an issue,
subscribe to alerts) read.

English: reading age = Flesch-Kincaid grade + 5, measured on the visible text of each page's main content (syllables
counted with Pyphen's British English hyphenation dictionary; no data is downloaded).

The translations, in every language on the site: the mean sentence length must stay close to the English one on
the same page (the part of every readability formula that carries across languages), and where a published formula
exists for the language it must put the page in the band for primary school: Spanish (Szigriszt-Pazos on the INFLESZ
scale), Portuguese (Flesch adapted by Martins et al.), Turkish (Ateşman) and Polish (Pisarek). The formulas are in
readability.py. Figures are in docs/languages.md; run `pytest languages/tests/test_reading_age.py -s` to see them.
"""

import pytest
from django.test import Client

from languages.choices import TRANSLATED
from languages.tests import readability

pytestmark = pytest.mark.django_db
PAGES = {
    "find your ward": "/",
    "find your ward (results)": "/find/",
    "raise an issue": "/priorities/raise/",
    "subscribe to alerts": "/alerts/subscribe/",
}
CEILING = 9.5  # "about 9"
# Sentences of a translation may run a little longer than the English ones (other languages need more words for
# the same thing: articles, particles), not much.
SENTENCE_LENGTH_RATIO = 1.3
# (formula, the bound for primary school on its scale, whether a higher score is easier)
FORMULAS = {
    "es": (readability.spanish_inflesz, 80.0, True),  # INFLESZ: above 80 "muy fácil" (65-80 "bastante fácil")
    "pt": (readability.portuguese_flesch, 75.0, True),  # Martins: 75-100 "muito fácil", school years 1-4
    "tr": (readability.turkish_atesman, 70.0, True),  # Ateşman: 70-89 easy (years 5-6), 90+ year 4 and below
    "pl": (readability.polish_pisarek, 6.0, False),  # Pisarek: about the school year, 1-6 primary school
}


def test_the_formula_on_plain_and_hard_english():
    assert readability.english_reading_age("Find your area. Enter your postcode.") < 9
    hard = "Notwithstanding considerable organisational complexity, accountability remains."
    assert readability.english_reading_age(hard) > 16


def test_the_formulas_tell_plain_from_hard():
    assert readability.spanish_inflesz("Busque su barrio. Escriba su código postal.") > 65
    assert readability.spanish_inflesz("Independientemente de la considerable complejidad organizativa.") < 40
    assert readability.turkish_atesman("Bölgenizi bulun. Posta kodunuzu yazın.") > 70
    assert readability.polish_pisarek("Znajdź swoją okolicę. Wpisz kod pocztowy.") < 6
    assert readability.polish_pisarek("Niezależnie od organizacyjnej złożoności odpowiedzialność funkcjonariuszy.") > 6


def _text(client: Client, path: str) -> str:
    return readability.main_text(client.get(path).content.decode())


def test_key_pages_read_at_about_age_nine(client: Client, london):
    found = {name: round(readability.english_reading_age(_text(client, path)), 1) for name, path in PAGES.items()}
    print("\nreading age (Flesch-Kincaid grade + 5):", found)
    for name, age in found.items():
        assert age <= CEILING, f"{name}: reading age {age}"


def test_translations_keep_the_pages_plain(client: Client, london, settings):
    settings.LIVE_LANGUAGES = [language.code for language in TRANSLATED]
    failures = []
    for name, path in PAGES.items():
        english = readability.words_per_sentence(_text(client, path))
        lengths, scores = {}, {}
        for language in TRANSLATED:
            text = _text(client, f"/{language.code}{path}")
            lengths[language.code] = ratio = round(readability.words_per_sentence(text) / english, 2)
            if ratio > SENTENCE_LENGTH_RATIO:
                failures.append(f"{name} in {language.code}: sentences {ratio}× the English length")
            if language.code in FORMULAS:
                formula, bound, higher_is_easier = FORMULAS[language.code]
                scores[language.code] = score = round(formula(text), 1)
                if (score < bound) if higher_is_easier else (score > bound):
                    failures.append(f"{name} in {language.code}: {formula.__name__} {score} (bound {bound})")
        print(f"\n{name}: words per sentence {english:.1f} in English; × English: {lengths}; formulas: {scores}")
    assert not failures, failures
