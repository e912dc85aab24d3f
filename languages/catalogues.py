"""Reading the translation catalogues (locale/<code>/LC_MESSAGES/django.po) and their review status.

Each language has a `locale/<code>/STATUS` file saying whether a professional translator has reviewed its
catalogue (`reviewed: yes` or `no`, with who and when). Only reviewed languages should be in LIVE_LANGUAGES.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

from languages import choices

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
VOID = {"br", "img", "input", "hr", "wbr"}


@dataclass
class Report:
    code: str
    name: str
    total: int = 0
    translated: int = 0
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)  # fuzzy: the English changed since it was translated
    reviewed: bool = False
    reviewer: str = ""
    live: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 0


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue_path(code: str) -> Path:
    return locale_dir() / code / "LC_MESSAGES" / "django.po"


def read_status(code: str) -> dict[str, str]:
    path = locale_dir() / code / "STATUS"
    found: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.partition(":")
            if sep and not line.startswith("#"):
                found[key.strip().lower()] = value.strip()
    return found


def report(code: str) -> Report:
    language = choices.BY_CODE[code]
    status = read_status(code)
    found = Report(
        code=code,
        name=language.english,
        reviewed=status.get("reviewed", "no").lower() == "yes",
        reviewer=status.get("reviewer", ""),
        live=code in settings.LIVE_LANGUAGES,
    )
    for entry in polib.pofile(str(catalogue_path(code))):
        if entry.obsolete:
            continue
        found.total += 1
        if "fuzzy" in entry.flags:
            found.outdated.append(entry.msgid)
        elif entry.translated():
            found.translated += 1
        else:
            found.missing.append(entry.msgid)
    return found


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def tags(text: str) -> list[str]:
    """The HTML elements of a string, opening and closing, in order (attributes left out)."""
    return [m.group(0).split()[0].rstrip(">").lower() for m in TAG.finditer(text)]


def problems(code: str) -> list[str]:
    """Translations that would break a page: placeholders missing or added, HTML not as in the English."""
    found = []
    for entry in polib.pofile(str(catalogue_path(code))):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        pairs = [(entry.msgid, entry.msgstr)] if entry.msgstr else []
        if entry.msgid_plural:  # a plural form may leave the number out ("one ward")
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values() if text]
        for english, translated in pairs:
            wanted, given = placeholders(english), placeholders(translated)
            if (set(given) - set(wanted)) if entry.msgid_plural else wanted != given:
                found.append(f"{code}: placeholders differ in {english[:60]!r}")
            if sorted(tags(english)) != sorted(tags(translated)) or not balanced(translated):
                found.append(f"{code}: HTML differs in {english[:60]!r}")
            for href in re.findall(r'href="([^"]*)"', english):
                if f'href="{href}"' not in translated:
                    found.append(f"{code}: link {href!r} changed in {english[:60]!r}")
    return found


def balanced(text: str) -> bool:
    stack: list[str] = []
    for m in TAG.finditer(text):
        name = m.group(1).lower()
        if name in VOID or m.group(0).endswith("/>"):
            continue
        if m.group(0).startswith("</"):
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack
