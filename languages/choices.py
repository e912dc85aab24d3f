"""The languages of the public site: chosen from London's Census 2021 main-language figures (docs/languages.md).

`LANGUAGES` (settings) lists every language the site can speak; `settings.LIVE_LANGUAGES` lists those switched on
for the public (a language is switched on once a professional translator has reviewed its catalogue).
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Language:
    code: str
    english: str  # the name in English (for staff and the report)
    native: str  # the name in the language itself (the switcher)
    rtl: bool = False
    speakers: int = 0  # Londoners aged 3+ whose main language it is (Census 2021, summed over the 33 boroughs)


ENGLISH = Language("en-gb", "English", "English", speakers=0)

# Most spoken first (Census 2021, shipped in places/data/london_boroughs_census2021_summary.csv).
TRANSLATED = (
    Language("ro", "Romanian", "Română", speakers=159_333),
    Language("es", "Spanish", "Español", speakers=117_459),
    Language("pl", "Polish", "Polski", speakers=112_067),
    Language("bn", "Bengali", "বাংলা", speakers=101_976),
    Language("pt", "Portuguese", "Português", speakers=94_203),
    Language("gu", "Gujarati", "ગુજરાતી", speakers=82_609),
    Language("pa", "Panjabi", "ਪੰਜਾਬੀ", speakers=74_204),
    Language("ar", "Arabic", "العربية", rtl=True, speakers=72_102),
    Language("ta", "Tamil", "தமிழ்", speakers=70_678),
    Language("tr", "Turkish", "Türkçe", speakers=69_642),
    Language("ur", "Urdu", "اردو", rtl=True, speakers=63_624),
)

ALL = (ENGLISH, *TRANSLATED)
BY_CODE = {language.code: language for language in ALL}
CODES = tuple(language.code for language in ALL)


def django_languages() -> list[tuple[str, str]]:
    """The `LANGUAGES` setting: (code, name in English)."""
    return [(language.code, language.english) for language in ALL]


def live_codes() -> tuple[str, ...]:
    """English first, then the translated languages switched on for the public, in census order."""
    live = set(settings.LIVE_LANGUAGES)
    return (settings.LANGUAGE_CODE, *(lang.code for lang in TRANSLATED if lang.code in live))


def is_live(code: str | None) -> bool:
    return bool(code) and code in live_codes()


def email_choices(keep: str = "") -> list[tuple[str, str]]:
    """Choices for the language of someone's emails, on staff forms: English (stored empty), then each language
    live on the public site, named in English and in itself. `keep` (a stored code no longer live) stays offered,
    so changing another field of the record does not change it."""
    codes = list(live_codes()[1:])
    if keep and keep in BY_CODE and keep not in codes and keep != settings.LANGUAGE_CODE:
        codes.append(keep)
    return [("", "English"), *((code, f"{BY_CODE[code].english} ({BY_CODE[code].native})") for code in codes)]


def site_language(code: str | None) -> str:
    """The site language for a stored language code (alerts store "en" for English): English when not offered."""
    if code and code in BY_CODE:
        return code
    return settings.LANGUAGE_CODE


def stored(code: str | None) -> str:
    """The language to keep on a record made on a page in `code` (whose emails will follow it): the site
    language's code, or empty for English and for a code the site does not have."""
    language = site_language(code)
    return "" if language == settings.LANGUAGE_CODE else language
