"""Every page anyone can reach by following links passes axe, reflows at 320 px and passes the Nu HTML checker.

The journeys check the pages of each person's jobs; this walks everything else. From the home page (the public)
and from the staff workspace (the central champion and the administrator, who between them reach every staff
page), it follows every link on the site, and checks one page of each kind: pages that differ only in an id or a
code (a ward, an activity) are one kind. Downloads, feeds and links that change something are not followed.

It takes several minutes, so it runs with `make sweep` (EH_SWEEP=1), not in every `make test`.
"""

import os
import re
from collections import deque
from typing import Any

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("EH_SWEEP"), reason="the whole-site sweep runs with `make sweep`"),
]

NOT_FOLLOWED = re.compile(
    r"logout|/delete|/erase|/unsubscribe|/confirm|/leave|/withdraw|/revoke|/remove|/u/|/m/\d+/|/your-data/.+"
    r"|\.(ics|csv|xlsx|pdf|json|atom)($|\?)|/export|format=|download|/media/|/static/|/admin/|/api/"
)
# Kinds of page: ids, ward/borough codes, slugs of one record and tokens count once.
KIND = [
    (re.compile(r"/\d+(?=/|$|\.)"), "/N"),
    (re.compile(r"E0\d{7}"), "CODE"),
    (re.compile(r"/(g|consultations|plans)/[\w-]+"), r"/\1/SLUG"),
]


def kind_of(path: str) -> str:
    base, _, query = path.partition("?")
    for pattern, replacement in KIND:
        base = pattern.sub(replacement, base)
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return base + ("?" + "&".join(keys) if keys else "")


def walk_site(walk: Any, start: str, seen: set[str], limit: int) -> list[str]:
    """Check one page of each kind reachable from `start`; returns the paths checked."""
    page = walk.page
    queue, checked, visited = deque([start]), [], set()
    while queue and len(checked) < limit:
        path = queue.popleft()
        if path in visited:
            continue
        visited.add(path)
        response = walk.goto(path)
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            href = href.removeprefix(walk.site.url)
            local = href.startswith("/") and not href.startswith("//") and "#" not in href
            if local and not NOT_FOLLOWED.search(href) and kind_of(href) not in seen:
                queue.append(href)
        if kind_of(path) in seen:
            continue
        seen.add(kind_of(path))
        walk.check()
        checked.append(path)
    return checked


@pytest.fixture(scope="module")
def kinds_seen() -> set[str]:
    return set()


def test_every_public_page_passes(journey: Any, kinds_seen: set[str]) -> None:
    checked = walk_site(journey, "/", kinds_seen, limit=150)
    assert len(checked) >= 40, checked


@pytest.mark.parametrize("who", ["central-champion", "admin"])
def test_every_staff_page_passes(journey: Any, kinds_seen: set[str], who: str) -> None:
    journey.sign_in(who)
    checked = walk_site(journey, "/staff/", kinds_seen, limit=400)
    if who == "central-champion":
        assert len(checked) >= 100, checked
