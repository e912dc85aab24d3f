"""Atom feeds of a ward's and a borough's news, fed by the sources other apps register."""

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from core import registry
from core.registry import FeedItem

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
WHEN = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def ward_source() -> Iterator[None]:
    def items(ward):
        return [
            FeedItem(
                id=f"urn:test:{ward.code}:1",
                title=f"Meeting in {ward.name} <soon>",
                summary="Come & talk to your team.",
                link=f"/wards/{ward.code}/#meetings",
                updated=WHEN,
            ),
            FeedItem(
                id=f"urn:test:{ward.code}:2",
                title="Older news",
                summary="Earlier.",
                link="https://example.test/older",
                updated=WHEN - dt.timedelta(days=3),
            ),
        ]

    registry.ward_feed.add("test-source", items)
    try:
        yield
    finally:
        registry.ward_feed.sources.pop("test-source", None)


@pytest.fixture
def borough_source() -> Iterator[None]:
    registry.borough_feed.add(
        "test-source",
        lambda borough: [FeedItem(f"urn:test:{borough.code}", f"{borough.name} survey", "Tell us.", "/x/", WHEN)],
    )
    try:
        yield
    finally:
        registry.borough_feed.sources.pop("test-source", None)


def _parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def _assert_valid_atom(feed: ET.Element) -> None:
    """The elements RFC 4287 requires of a feed and of each entry."""
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_ward_feed_lists_registered_items_newest_first(client, ward, ward_source):
    feed = _parse(client.get(f"/wards/{ward.code}/feed.atom"))
    _assert_valid_atom(feed)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Meeting in Catford South <soon>", "Older news"]
    assert entries[0].findtext(f"{ATOM}id") == f"urn:test:{ward.code}:1"
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver/wards/{ward.code}/#meetings"
    assert entries[0].findtext(f"{ATOM}summary") == "Come & talk to your team."
    assert entries[0].findtext(f"{ATOM}updated").startswith("2026-03-01T09:30:00")
    assert feed.findtext(f"{ATOM}title") == "Catford South ward, Lewisham – Engagement Hub"


def test_empty_ward_feed_is_still_valid_atom(client, ward):
    feed = _parse(client.get(f"/wards/{ward.code}/feed.atom"))
    _assert_valid_atom(feed)
    assert feed.findall(f"{ATOM}entry") == []


def test_borough_feed_lists_registered_items(client, lewisham, borough_source):
    feed = _parse(client.get(f"/boroughs/{lewisham.code}/feed.atom"))
    _assert_valid_atom(feed)
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Lewisham survey"]


def test_feed_of_unknown_ward_is_404(client, london):
    assert client.get("/wards/E05999999/feed.atom").status_code == 404


@pytest.mark.parametrize("kind", ["wards", "boroughs"])
def test_area_pages_link_to_their_feed(client, ward, kind):
    code = ward.code if kind == "wards" else ward.borough.code
    html = client.get(f"/{kind}/{code}/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="/{kind}/{code}/feed.atom"' in html
