"""Plain English: the reading age of the key public pages (find your ward, raise an issue, subscribe to alerts).

Reading age = Flesch-Kincaid grade + 5, measured on the visible text of each page's main content in English
(syllables counted with Pyphen's British English hyphenation dictionary; no data is downloaded). Figures are in
docs/languages.md; run `pytest languages/tests/test_reading_age.py -s` to see them.
"""

import re
from html import unescape

import pyphen
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PAGES = {
    "find your ward": "/",
    "find your ward (results)": "/find/",
    "raise an issue": "/priorities/raise/",
    "subscribe to alerts": "/alerts/subscribe/",
}
CEILING = 9.5  # "about 9"


def main_text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style|select)\b.*?</\1>", " ", main, flags=re.S)
    # Lists of place names (the 33 boroughs) are names, not wording: they are left out.
    main = re.sub(r'<ul class="[^"]*eh-columns[^"]*">.*?</ul>', " ", main, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", "\n", main))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # Each line (heading, label, hint, paragraph) is a sentence of its own for the formula.
    return "\n".join(line if line.endswith((".", "?", "!", ":")) else line + "." for line in lines if line)


_HYPHENS = pyphen.Pyphen(lang="en_GB")


def syllables(word: str) -> int:
    return _HYPHENS.inserted(word.lower()).count("-") + 1


def flesch_kincaid_grade(text: str) -> float:
    sentences = [s for s in re.split(r"[.?!:]+\s", text + " ") if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words:
        return 0.0
    total = sum(syllables(w) for w in words)
    return 0.39 * len(words) / max(len(sentences), 1) + 11.8 * total / len(words) - 15.59


def reading_age(text: str) -> float:
    return flesch_kincaid_grade(text) + 5


def test_the_formula_on_plain_and_hard_english():
    assert reading_age("Find your area. Enter your postcode.") < 9
    assert reading_age("Notwithstanding considerable organisational complexity, accountability remains.") > 16


def test_key_pages_read_at_about_age_nine(client: Client, london):
    found = {}
    for name, path in PAGES.items():
        found[name] = round(reading_age(main_text(client.get(path).content.decode())), 1)
    print("\nreading age (Flesch-Kincaid grade + 5):", found)
    for name, age in found.items():
        assert age <= CEILING, f"{name}: reading age {age}"
