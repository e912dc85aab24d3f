"""How hard a page reads: its main text, sentences and words, and the published readability formulas used by the
reading-age tests. Syllables come from Pyphen's hyphenation dictionaries (installed with the project; nothing is
downloaded), or from the vowels for Turkish, where every syllable has exactly one.
"""

import re
import unicodedata
from html import unescape
from statistics import mean

import pyphen

# Ends of a sentence: Latin, Arabic question mark, Urdu full stop, Devanagari/Bengali/Gurmukhi danda.
SENTENCE_END = ".?!:؟۔।"
_ENDS = re.compile(r"[" + re.escape(SENTENCE_END) + r"]+(?:\s|$)")


def main_text(html: str) -> str:
    """The visible text of the page's <main>, one line per heading, label, hint or paragraph, each ended as a
    sentence. Lists of place names (the 33 boroughs) are names, not wording, and charts, maps and tables are
    figures: they are left out."""
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style|select)\b.*?</\1>", " ", main, flags=re.S)
    # Figures, not wording: charts and maps (each comes with its table) and tables of figures.
    main = re.sub(r"<(svg|table)\b.*?</\1>", " ", main, flags=re.S)
    main = re.sub(r'<ul class="[^"]*eh-columns[^"]*">.*?</ul>', " ", main, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", "\n", main))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line if line.endswith(tuple(SENTENCE_END)) else line + "." for line in lines if line)


def words(text: str) -> list[str]:
    """Whitespace-separated tokens with a letter in them, without their punctuation (works for every script)."""
    found = []
    for token in text.split():
        word = "".join(ch for ch in token if ch.isalpha() or ch in "'’-" or _is_mark(ch)).strip("'’-")
        if any(ch.isalpha() for ch in word):
            found.append(word)
    return found


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def sentences(text: str) -> list[str]:
    return [part for part in _ENDS.split(text) if words(part)]


def words_per_sentence(text: str) -> float:
    return len(words(text)) / max(len(sentences(text)), 1)


_DICTIONARIES = {"en": "en_GB", "es": "es", "pt": "pt_PT", "pl": "pl_PL", "ro": "ro_RO"}
_TURKISH_VOWELS = set("aeıioöuüAEIİOÖUÜâîûÂÎÛ")


def syllables(word: str, language: str) -> int:
    if language == "tr":
        return max(1, sum(ch in _TURKISH_VOWELS for ch in word))
    return pyphen.Pyphen(lang=_DICTIONARIES[language]).inserted(word.lower()).count("-") + 1


def syllables_per_word(text: str, language: str) -> float:
    return mean(syllables(word, language) for word in words(text))


def english_reading_age(text: str) -> float:
    """Flesch-Kincaid grade + 5."""
    return 0.39 * words_per_sentence(text) + 11.8 * syllables_per_word(text, "en") - 15.59 + 5


def spanish_inflesz(text: str) -> float:
    """Szigriszt-Pazos perspicuity, read on the INFLESZ scale (Barrio-Cantalejo et al., 2008): above 65 is
    "bastante fácil" (primary school), above 80 "muy fácil"."""
    return 206.835 - 62.3 * syllables_per_word(text, "es") - words_per_sentence(text)


def portuguese_flesch(text: str) -> float:
    """Flesch reading ease adapted to Portuguese (Martins et al., 1996): 75-100 "muito fácil" (school years 1-4),
    50-75 "fácil" (years 5-8)."""
    return 248.835 - 1.015 * words_per_sentence(text) - 84.6 * syllables_per_word(text, "pt")


def turkish_atesman(text: str) -> float:
    """Ateşman (1997): 90-100 very easy (school year 4 and below), 70-89 easy (years 5-6)."""
    return 198.825 - 40.175 * syllables_per_word(text, "tr") - 2.610 * words_per_sentence(text)


def polish_pisarek(text: str) -> float:
    """Pisarek's index (2007): the square root of the sum of the squares of the mean sentence length and the
    percentage of hard words (four syllables or more), halved; about the school year the text suits (1-6 primary)."""
    found = words(text)
    hard = 100 * sum(syllables(word, "pl") >= 4 for word in found) / len(found)
    return ((words_per_sentence(text) ** 2 + hard**2) ** 0.5) / 2
