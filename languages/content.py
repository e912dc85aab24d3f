"""Translations of texts staff write (priorities, "you said, we did", consultations, ward team texts).

A translatable record keeps its translations on its own row, in a `translations` JSONField, so a page in
another language reads no more rows than the English page:

    {"pl": {"issue": "Parkowanie…", "action": "…", "_source": {"issue": "3f2a…", "action": "9bc1…"},
            "_reviewed": false}}

`_source` holds a fingerprint of the English each text was made from. When staff change the English, the
fingerprint no longer matches and the translation is *outdated*: the page then shows the current English, marked
`lang="en"`, with a notice that the text is only available in English, rather than a translation that may say
something the English no longer says. The outdated translation stays on the record for the translator to update.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from languages import choices

SOURCE = "_source"
REVIEWED = "_reviewed"

MISSING = "missing"
UP_TO_DATE = "up to date"
OUTDATED = "outdated"


def translations_field() -> "models.JSONField[dict[str, dict[str, Any]]]":
    """The field a translatable record adds: `translations = content.translations_field()`."""
    return models.JSONField(
        default=dict,
        blank=True,
        help_text="Translations by language code, each with the English it was made from (languages.content)",
    )


def fingerprint(english: str) -> str:
    """A short fingerprint of an English text: a translation made from other English is outdated."""
    return hashlib.sha256(english.strip().encode()).hexdigest()[:16]


def translation_codes() -> tuple[str, ...]:
    return tuple(language.code for language in choices.TRANSLATED)


@dataclass(frozen=True)
class Shown:
    """The text a page shows for one field, and the language it is in."""

    text: str
    language: str  # a language code; English is settings.LANGUAGE_CODE
    fallback: bool  # English shown on a page in another language

    def __str__(self) -> str:
        return self.text


def _entry(record: Any, code: str) -> dict[str, Any]:
    value = (getattr(record, "translations", None) or {}).get(code)
    return value if isinstance(value, dict) else {}


def saved_translation(record: Any, field: str, code: str) -> str:
    """The translation of `field` into `code` kept on the record, up to date or not ("" when there is none)."""
    value = _entry(record, code).get(field)
    return value if isinstance(value, str) else ""


def current_translation(record: Any, field: str, english: str, code: str) -> str:
    """The translation of `field` into `code` when there is one made from today's English, else ""."""
    entry = _entry(record, code)
    text = entry.get(field)
    sources = entry.get(SOURCE)
    if not isinstance(text, str) or not text.strip() or not isinstance(sources, dict):
        return ""
    return text if sources.get(field) == fingerprint(english) else ""


def pick(record: Any, field: str, english: str | None = None, language: str | None = None) -> Shown:
    """The text to show for `field` in the page's language: its translation, else the English (a fallback)."""
    if english is None:
        english = str(getattr(record, field) or "")
    code = language or get_language() or settings.LANGUAGE_CODE
    if code == settings.LANGUAGE_CODE or code not in choices.BY_CODE or not english.strip():
        return Shown(english, settings.LANGUAGE_CODE, False)
    translated = current_translation(record, field, english, code)
    if translated:
        return Shown(translated, code, False)
    return Shown(english, settings.LANGUAGE_CODE, True)


def text(record: Any, field: str, english: str | None = None, language: str | None = None) -> str:
    """The text of `field` in the page's language, or English (for titles and form labels)."""
    return pick(record, field, english, language).text


def page_is_translated() -> bool:
    """Whether the page is in one of the site's other languages (not English)."""
    code = get_language() or settings.LANGUAGE_CODE
    return code != settings.LANGUAGE_CODE and code in choices.BY_CODE


def page_is_rtl() -> bool:
    language = choices.BY_CODE.get(get_language() or settings.LANGUAGE_CODE)
    return bool(language and language.rtl)


def in_english(text: Any, *, block: bool = False) -> SafeString:
    """Text shown in English on a page in another language, escaped (HTML already safe stays as it is) and marked:
    `<span lang="en">` (a `div` for `block`, which may hold paragraphs), with `dir="ltr"` on a right-to-left page."""
    tag = "div" if block else "span"
    direction = mark_safe(' dir="ltr"') if page_is_rtl() else ""  # noqa: S308 - a constant
    return format_html('<{} lang="en"{}>{}</{}>', tag, direction, text, tag)


def marked(record: Any, field: str, english: str | None = None) -> SafeString:
    """The text of `field` as HTML: its translation, or the English marked `lang="en"` (and `dir="ltr"` on a
    right-to-left page) when it falls back. Escaped either way; for a form's labels and choices."""
    shown = pick(record, field, english)
    if not shown.fallback:
        return format_html("{}", shown.text)
    return in_english(shown.text)


def field_status(record: Any, field: str, english: str, code: str) -> str:
    entry = _entry(record, code)
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        return MISSING
    return UP_TO_DATE if current_translation(record, field, english, code) else OUTDATED


def status(record: Any, sources: list[tuple[str, str]], code: str) -> str:
    """One record in one language: outdated when any text was made from other English, up to date when every
    English text has its translation, else missing. `sources` is [(field, english)]."""
    states = {field_status(record, field, english, code) for field, english in sources if english.strip()}
    if not states:
        return UP_TO_DATE
    if OUTDATED in states:
        return OUTDATED
    return UP_TO_DATE if states == {UP_TO_DATE} else MISSING


def is_reviewed(record: Any, code: str) -> bool:
    return bool(_entry(record, code).get(REVIEWED))


def with_translation(
    record: Any,
    code: str,
    values: dict[str, str],
    sources: dict[str, str],
    *,
    reviewed: bool,
    keep_unchanged: bool = False,
) -> dict[str, Any]:
    """The record's `translations` with `code` replaced by `values` (field -> text, blank to remove), each
    fingerprinted against its English in `sources` (field -> English). Other languages are kept as they are.

    `keep_unchanged`, for a form that sends a saved translation back as it was (the alert composer): a text equal
    to the saved one keeps the English it was made from, so it stays outdated if the English changed since, and
    the language keeps its review when none of its texts changed."""
    old = _entry(record, code)
    saved_sources = old.get(SOURCE)
    old_sources: dict[str, str] = saved_sources if isinstance(saved_sources, dict) else {}
    unchanged = keep_unchanged and all(value.strip() == (old.get(field) or "") for field, value in values.items())
    entry: dict[str, Any] = {SOURCE: {}, REVIEWED: reviewed or (unchanged and bool(old.get(REVIEWED)))}
    for field, value in values.items():
        value = value.strip()
        if value:
            entry[field] = value
            same = keep_unchanged and value == old.get(field) and field in old_sources
            entry[SOURCE][field] = old_sources[field] if same else fingerprint(sources[field])
    translations = dict(getattr(record, "translations", None) or {})
    if entry[SOURCE]:
        translations[code] = entry
    else:
        translations.pop(code, None)
    return translations
