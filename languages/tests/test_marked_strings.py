"""Every visible English word in a public template is marked for translation.

The public templates: the page templates of the public routes (PUBLIC_TEMPLATES below: the shared page frame, the
public site's pages (website), and the public pages of the find-your-ward, raise-an-issue and alerts journeys, of
community groups, consultations, "we asked, you said, we did", the online panel, action plans, the Top 10 and a
public activity), the sections other apps add to the London, borough and ward pages (read from
`core.registry`), and every template any of these includes or extends, followed to the end. Text between tags,
and the visible attributes (alt, title, placeholder, aria-label, value of a button), must sit inside
`{% translate %}` / `{% blocktranslate %}`, or come from a variable (already translated in Python).
`test_no_english_left.py` checks that every template a public page renders is in this list.
"""

import re
from pathlib import Path

import pytest
from django.template import TemplateDoesNotExist
from django.template.base import Lexer, TokenType
from django.template.loader import get_template

from core import registry

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_TEMPLATES = [
    "templates/base.html",
    "templates/429.html",
    "core/templates/core/_error_summary.html",
    "core/templates/core/error.html",
    "core/templates/core/forms/*.html",
    "languages/templates/languages/*.html",
    "website/templates/website/*.html",
    "places/templates/places/*.html",
    "priorities/templates/priorities/raise.html",
    "priorities/templates/priorities/raised.html",
    "priorities/templates/priorities/_issue_fields.html",
    "priorities/templates/priorities/status.html",
    "priorities/templates/priorities/status_lookup.html",
    "priorities/templates/priorities/rate_limited.html",
    "alerts/templates/alerts/subscribe.html",
    "alerts/templates/alerts/check.html",
    "alerts/templates/alerts/confirm_email.html",
    "alerts/templates/alerts/confirmed.html",
    "alerts/templates/alerts/manage.html",
    "alerts/templates/alerts/manage_link.html",
    "alerts/templates/alerts/left.html",
    "alerts/templates/alerts/unsubscribe.html",
    "alerts/templates/alerts/link_problem.html",
    "alerts/templates/alerts/forms/*.html",
    "alerts/templates/alerts/contact.html",
    "alerts/templates/alerts/contact_done.html",
    "alerts/templates/alerts/message_public.html",
    "priorities/templates/priorities/ward.html",
    "practice/templates/practice/top_ten.html",
    # Sections other apps add to the ward page.
    "priorities/templates/priorities/_ward_section.html",
    "alerts/templates/alerts/_ward_section.html",
    "groups/templates/groups/_ward_section.html",
    "feedback/templates/feedback/_section.html",
    # Community groups: the public list, a group's page, asking to join and the equality monitoring link.
    "groups/templates/groups/public_list.html",
    "groups/templates/groups/public_detail.html",
    "groups/templates/groups/join*.html",
    "groups/templates/groups/monitoring*.html",
    "groups/templates/groups/_pagination.html",
    # Deleting one's equality monitoring answers with the private link (the questions are in equality/questions.py).
    "equality/templates/equality/withdraw.html",
    # Consultations: the list, a consultation's page, answering it, the thanks page and the area pages' section.
    "consultations/templates/consultations/consultation_list.html",
    "consultations/templates/consultations/_consultation_card.html",
    "consultations/templates/consultations/_pagination.html",
    "consultations/templates/consultations/consultation_detail.html",
    "consultations/templates/consultations/answer.html",
    "consultations/templates/consultations/thanks.html",
    "consultations/templates/consultations/_area_section.html",
    # "We asked, you said, we did" and a ward's online panel with its votes.
    "feedback/templates/feedback/detail.html",
    "priorities/templates/priorities/panel.html",
    # Action plans: the list, a plan, an action and the progress report.
    "plans/templates/plans/index.html",
    "plans/templates/plans/detail.html",
    "plans/templates/plans/action.html",
    "plans/templates/plans/report.html",
    "plans/templates/plans/_report_body.html",
    "plans/templates/plans/_update.html",
    "plans/templates/plans/_pagination.html",
    # A public activity of the engagement register (a group's meetings link to theirs).
    "activities/templates/activities/public_detail.html",
    # Signing in and one's account: allauth's pages in the service's layout (their texts are allauth's, listed in
    # accounts/sign_in_texts.py), the account page, deleting it and "Your data" (not the staff's API tokens).
    "templates/allauth/**/*.html",
    "accounts/templates/accounts/home.html",
    "accounts/templates/accounts/delete.html",
    "accounts/templates/accounts/your_data*.html",
    # A volunteer's own pages.
    "volunteers/templates/volunteers/me.html",
    "volunteers/templates/volunteers/shift.html",
    "volunteers/templates/volunteers/refused.html",
    "volunteers/templates/volunteers/_recognition.html",
]
# Templates a public page renders whose words are English on purpose, each inside lang="en": the demo accounts on
# the sign-in page of a demonstration site (the page around them is allauth's, checked as its own templates) and
# the staff's API tokens on "Your account" (staff pages are English).
DELIBERATELY_ENGLISH = ("templates/account/login.html", "accounts/templates/accounts/_staff_tokens.html")

WORDS = re.compile(r"[A-Za-z]{2,}")
VISIBLE_ATTRS = re.compile(r"""\b(alt|title|placeholder|aria-label|aria-description)\s*=\s*"([^"{]*)""")
INCLUDE_LITERAL = re.compile(r"""\b(label|title|text|hint|heading|caption|legend)=["']([^"']*)["']""")
OPENERS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}


# A template named in another by a literal: {% include "x.html" %}, {% extends "x.html" %}, {% include "x.html#part" %}.
NAMED = re.compile(r"""\{%\s*(?:include|extends)\s+["']([^"'#]+)(?:#[^"']*)?["']""")


def _path_of(name: str) -> Path | None:
    try:
        origin = get_template(name).origin.name
    except TemplateDoesNotExist:
        return None
    path = Path(origin)
    return path if path.is_relative_to(ROOT) and ".venv" not in path.parts else None


def _templates() -> list[Path]:
    """The page templates, the area pages' sections and everything they include or extend."""
    queue: list[Path] = []
    for pattern in PUBLIC_TEMPLATES:
        matched = sorted(ROOT.glob(pattern))
        assert matched, pattern
        queue.extend(matched)
    for page in (registry.london_page, registry.borough_page, registry.ward_page):
        queue.extend(p for p in (_path_of(s.template) for s in page.sections.values()) if p)
    found: dict[Path, None] = {}
    english = {ROOT / name for name in DELIBERATELY_ENGLISH}
    while queue:
        path = queue.pop(0)
        if path in found or path in english:
            continue
        found[path] = None
        for name in NAMED.findall(path.read_text(encoding="utf-8")):
            included = _path_of(name)
            assert included is not None or name.startswith("django/"), f"{path}: {name}"
            if included:
                queue.append(included)
    return sorted(found)


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    html = re.sub(r"<code\b.*?</code>", " ", html, flags=re.S)  # addresses and examples of code stay as they are
    html = re.sub(r"<[^>]*>", " ", html)
    return re.sub(r"&[a-z]+;|&#\d+;", " ", html)


def unmarked(source: str) -> list[str]:
    problems: list[str] = []
    closing: str | None = None
    in_tag = False  # text inside an HTML tag split by template tags, e.g. <a href="{% url %}">
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = token.contents.split()[0] if token.contents.split() else ""
            if closing:
                if word == closing:
                    closing = None
                continue
            if word in OPENERS:
                closing = OPENERS[word]
            elif word == "include" and "_(" not in token.contents:
                problems += [f"include {m.group(1)}={m.group(2)!r}" for m in INCLUDE_LITERAL.finditer(token.contents)]
            continue
        if closing or token.token_type != TokenType.TEXT:
            continue
        text = token.contents
        problems += [f"{m.group(1)}={m.group(2)!r}" for m in VISIBLE_ATTRS.finditer(text) if WORDS.search(m.group(2))]
        # Drop the end of a tag opened in an earlier text token, and the start of one left open for a later token.
        if in_tag and ">" in text:
            text = text[text.index(">") + 1 :]
        elif in_tag:
            continue
        in_tag = text.rfind("<") > text.rfind(">")
        if in_tag:
            text = text[: text.rfind("<")]
        visible = _visible(text)
        problems += [repr(w.strip()[:60]) for w in visible.splitlines() if WORDS.search(w)]
    return problems


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_public_template_text_is_marked_for_translation(path: Path):
    assert unmarked(path.read_text(encoding="utf-8")) == []


def test_the_checker_finds_unmarked_text():
    assert unmarked("<p>Hello {{ name }}</p>") == ["'Hello'"]
    assert unmarked('<img alt="A map" src="x">') == ["alt='A map'"]
    assert unmarked('<a href="{% url "x" %}" class="b">Go</a>') == ["'Go'"]
    marked = "{% load i18n %}<p>{% translate 'Hello' %}</p>{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}"
    assert unmarked(marked) == []
    assert unmarked('{% include "x.html" with label="Find" %}') == ["include label='Find'"]
    assert unmarked('{% include "x.html" with label=_("Find") %}') == []
