"""No English is left on the public pages in another language.

With London and the demo data loaded (every section of the London, borough and ward pages has something to show),
this walks the public site in Polish and in Arabic: from the home page it follows the links that stay in the same
language, breadth first, a few pages of each kind (pages that differ only in an id or a code are one kind), plus
pages named below (a borough with a ward map, forms sent empty so their error messages show, a missing page).
Each page is parsed with html.parser. Elements marked `lang="en"` (staff-written texts shown as written) and their
children, scripts and styles are left out; every other text, and every visible attribute (title, aria-label, alt,
placeholder, a button's value, the page description), must not hold common English words once the names of
places and the demo's proper names are taken out. The failure lists each page with its English texts.

The walk also records every template the public pages render: each must be in the list that
`test_marked_strings.py` checks (its list is derived from the page templates, their includes and the sections
other apps add to the area pages; a template missing from it fails here).
"""

import re
from collections import deque
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.queries.register import public_activities
from consultations.models import Consultation
from feedback.models import FeedbackRecord
from groups.models import CommunityGroup
from languages.tests.test_marked_strings import DELIBERATELY_ENGLISH, ROOT, _templates
from places.models import Borough, Ward
from plans.models import Plan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LANGUAGES = ("pl", "ar")
PER_KIND = 2  # pages of one kind visited
CAP = 120  # pages visited per language by following links

# Common English words that are not words of Polish or Portuguese ("to", "by", "no", "on", "a", "do" are).
ENGLISH = frozenset(
    """the and of your are with people what this that you have will not for from is there here about can more
    has was were been their they which when who how our its into under over only than these those ward wards
    borough boroughs priority priorities residents census usual please find page share category""".split()
)
# English still shown on translated pages, to be translated or marked lang="en" (docs/languages.md, "Not done
# yet"). Each pattern is matched against a flagged text; anything else English fails the test.
KNOWN_LEFT = re.compile(
    "|".join(
        [
            r"@demo\.engagehub\.invalid",  # the demo's records
            r'^\{"detail": ',  # an unknown ward's 404
            r"^/api/v1/|Public Sector Bodies \(Websites and Mobile Applications\)",  # addresses, a law's name
        ]
    )
)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")  # whole words in any script: Polish "Hasło" is not "has"
VISIBLE_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "aria-description")
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
HIDDEN = frozenset({"script", "style", "template"})
NOT_FOLLOWED = re.compile(
    r"/delete|/erase|/unsubscribe|/confirm|/leave|/withdraw|/m/\d+/|/u/|/language/"
    r"|\.(ics|csv|xlsx|pdf|json|atom)($|\?)|download|format=|/media/|/static/"
)
KIND = [
    (re.compile(r"/\d+(?=/|$|\.)"), "/N"),
    (re.compile(r"E0\d{7}"), "CODE"),
    (re.compile(r"/(g|consultations|plans|feedback)/[\w-]+"), r"/\1/SLUG"),
]
# The demo loaders whose records public pages show (the register's own loader, the slowest, is left out: group
# meetings are public activities too).
DEMO = ("organisations", "groups", "priorities", "feedback", "consultations", "alerts", "plans")
CITY_OF_LONDON = "E09000001"  # its wards have boundaries: the borough page draws them as a map


def kind_of(path: str) -> str:
    base, _, query = path.partition("?")
    for pattern, replacement in KIND:
        base = pattern.sub(replacement, base)
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return base + ("?" + "&".join(keys) if keys else "")


class TextsOf(HTMLParser):
    """The visible texts of a page outside `lang="en"` elements, scripts and styles, and its same-site links.

    A page's `<title>` and an attribute (a table region's `aria-label`, made from its caption) cannot mark part of
    themselves `lang="en"`: in them, a staff-written text the page marks as English elsewhere (a group's name in the
    heading, a plan's word for its actions in a caption) is left out (`without_marked`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, texts inside it are left out, it is lang="en")
        self.texts: list[str] = []
        self.links: list[str] = []
        self.english: set[str] = set()  # texts inside `lang="en"` elements
        self.unmarkable: set[str] = set()  # the title's text and attributes' texts

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        english = (found.get("lang") or "").lower().startswith("en")
        skip = self.skipping or tag in HIDDEN or english
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if not skip:
            self._attributes(tag, found)
        if tag not in VOID:
            self.stack.append((tag, skip, english))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"] or "")
        if not self.skipping and not (dict(attrs).get("lang") or "").lower().startswith("en"):
            self._attributes(tag, dict(attrs))

    def _attributes(self, tag: str, found: dict[str, str | None]) -> None:
        shown = [found.get(name) for name in VISIBLE_ATTRIBUTES]
        if tag == "input" and found.get("type") in ("submit", "button"):
            shown.append(found.get("value"))
        if tag == "meta" and found.get("name") == "description":
            shown.append(found.get("content"))
        texts = [f"{tag}: {value}" for value in shown if value]
        self.texts += texts
        self.unmarkable.update(texts)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text:
            return
        if not self.skipping:
            self.texts.append(text)
            if self.stack and self.stack[-1][0] == "title":
                self.unmarkable.add(text)
        elif any(english for _tag, _skip, english in self.stack) and not any(t in HIDDEN for t, _s, _e in self.stack):
            self.english.add(text)

    def without_marked(self, text: str) -> str:
        """The text; in the page's title or an attribute, without the texts the page marks as English elsewhere."""
        if text not in self.unmarkable:
            return text
        for english in sorted(self.english, key=len, reverse=True):
            text = text.replace(english, " ")
        return text


def _names() -> re.Pattern[str]:
    """Names and terms that stay as they are: London's boroughs and wards, the service, its sources."""
    names = {*Borough.objects.values_list("name", flat=True), *Ward.objects.values_list("name", flat=True)}
    names |= {
        "Engagement Hub",
        "GOV.UK",
        "Open Government Licence",
        "Census 2021",
        "OpenStreetMap",
        "Office for National Statistics",
        "stop and search",
    }
    ordered = sorted((n for n in names if n), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in ordered))


def english_in(text: str, names: re.Pattern[str]) -> bool:
    words = {w.lower() for w in WORD.findall(names.sub(" ", text))}
    return bool(words & ENGLISH)


def _explicit(language: str) -> list[tuple[str, str, dict[str, str] | None]]:
    """Pages the walk might not reach by links, and forms sent empty (their errors): (method, path, data)."""
    p = f"/{language}"
    ward = Ward.objects.filter(borough__code="E09000023").order_by("name").first()
    assert ward is not None
    english = [
        "/",
        f"/boroughs/{CITY_OF_LONDON}/",
        "/boroughs/E09000023/",
        f"/wards/{ward.code}/",
        f"/priorities/wards/{ward.code}/",
        f"/priorities/wards/{ward.code}/panel/",
        "/find/",
        "/find/?postcode=XX",
        "/find/?postcode=SW1A+1AA",
        "/find/?place=Catford",
        "/boroughs/",
        "/privacy/",
        "/accessibility/",
        "/open-data/",
        "/priorities/raise/",
        "/priorities/status/",
        "/alerts/subscribe/",
        "/alerts/manage/",
        "/alerts/contact/",
        "/groups/public/",
        "/consultations/",
        "/plans/",
        "/practice/top-10/",
        "/no-such-page/",
        "/wards/E05999999/",
    ]
    forms = ["/priorities/raise/", "/alerts/subscribe/", "/alerts/contact/", "/priorities/status/"]
    group = CommunityGroup.objects.filter(is_public=True, is_active=True, accepts_join_requests=True).first()
    if group:
        english += [group.get_public_url(), reverse("groups:join", args=[group.slug])]
        forms.append(reverse("groups:join", args=[group.slug]))
    now = timezone.now()
    consultation = (
        Consultation.objects.filter(is_published=True, is_historical=False, opens_at__lte=now, closes_at__gt=now)
        .order_by("pk")
        .first()
    )
    if consultation:
        english += [consultation.get_absolute_url(), reverse("consultations:answer", args=[consultation.slug])]
        forms.append(reverse("consultations:answer", args=[consultation.slug]))
    activity = public_activities().order_by("pk").first()
    if activity:
        english.append(activity.get_public_url())
    feedback = FeedbackRecord.objects.filter(did_published_at__isnull=False).order_by("pk").first()
    if feedback:
        english.append(feedback.get_absolute_url())
    plan = Plan.objects.filter(is_public=True).order_by("pk").first()
    if plan:
        english += [plan.get_absolute_url(), reverse("plans:report", args=[plan.slug])]
        action = plan.actions.order_by("pk").first()
        if action:
            english.append(reverse("plans:action", args=[plan.slug, action.pk]))
    pages: list[tuple[str, str, dict[str, str] | None]] = [("get", p + path, None) for path in english]
    return pages + [("post", p + path, {}) for path in forms]


def _visit(client: Client, method: str, path: str, data: dict[str, str] | None) -> Any:
    if method == "post":
        return client.post(path, data or {})
    return client.get(path)


def test_no_english_is_left_on_public_pages(settings: Any) -> None:
    settings.LIVE_LANGUAGES = list(LANGUAGES)
    call_command("load_demo", "--only", *DEMO, stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = _names()
    leaks: dict[str, list[str]] = {}
    rendered: set[str] = set()
    visited = 0
    for language in LANGUAGES:
        client = Client()
        seen_kinds: dict[str, int] = {}
        done: set[str] = set()
        queue: deque[tuple[str, str, dict[str, str] | None]] = deque(_explicit(language))
        followed = 0
        while queue:
            method, path, data = queue.popleft()
            if (method, path) in done:
                continue
            done.add((method, path))
            response = _visit(client, method, path, data)
            visited += 1
            rendered |= {t.origin.name for t in getattr(response, "templates", []) if t.origin and t.origin.name}
            if response.status_code in (301, 302) or not response.get("Content-Type", "").startswith("text/html"):
                continue
            parser = TextsOf()
            parser.feed(response.content.decode())
            found = [
                t for t in parser.texts if english_in(parser.without_marked(t), names) and not KNOWN_LEFT.search(t)
            ]
            if found:
                leaks[f"{method.upper()} {path} ({response.status_code})"] = sorted(set(found))
            for href in parser.links:
                href = href.split("#")[0]
                if not href.startswith(f"/{language}/") or NOT_FOLLOWED.search(href) or ("get", href) in done:
                    continue
                kind = kind_of(href)
                if seen_kinds.get(kind, 0) >= PER_KIND or followed >= CAP:
                    continue
                seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
                followed += 1
                queue.append(("get", href, None))
    report = "\n".join(f"{page}:\n    " + "\n    ".join(texts) for page, texts in leaks.items())
    assert not leaks, f"English left on {len(leaks)} of {visited} pages:\n{report}"
    covered = {str(p) for p in _templates()} | {str(ROOT / name) for name in DELIBERATELY_ENGLISH}
    missing = sorted(
        name for name in rendered if name.startswith(str(ROOT)) and ".venv" not in name and name not in covered
    )
    assert not missing, f"Public templates not checked by test_marked_strings.py: {missing}"
