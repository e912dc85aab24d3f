"""Atom ids are RFC 4151 tag: URIs, the same whatever host the feed was fetched from, read by two parsers."""

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest

from core.identifiers import calendar_uid, tag_uri
from priorities.models import Category, Priority

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TAG = r"tag:{authority},{year}:"


def _fetch(client, path: str, host: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content


@pytest.fixture
def priority(ward):  # type: ignore[no-untyped-def]
    return Priority.objects.create(
        ward=ward,
        category=Category.ASB,
        issue="Noise on the estate at night.",
        action="Evening patrols on Fridays.",
        status=Priority.Status.CURRENT,
        set_on=dt.date.today(),
    )


@pytest.mark.parametrize("kind", ["wards", "boroughs"])
def test_feed_and_entry_ids_are_tag_uris_that_do_not_depend_on_the_host(client, ward, priority, settings, kind):
    settings.ALLOWED_HOSTS = ["engage.example.org", "10.0.0.7"]
    code = ward.code if kind == "wards" else ward.borough.code
    path = f"/{kind}/{code}/feed.atom"
    prefix = TAG.format(authority=settings.FEED_ID_AUTHORITY, year=settings.FEED_ID_YEAR)
    seen = []
    for host in ("engage.example.org", "10.0.0.7"):
        content = _fetch(client, path, host)
        tree = ET.fromstring(content)  # noqa: S314 - our own feed
        parsed = feedparser.parse(content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        ids = [tree.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in tree.findall(f"{ATOM}entry")]
        assert [parsed.feed.id] + [e.id for e in parsed.entries] == ids
        assert len(ids) >= 2 and all(i and i.startswith(prefix) for i in ids), ids
        seen.append(ids)
    assert seen[0] == seen[1]
    assert tag_uri(f"priority-{priority.pk}") in seen[0]


def test_ids_that_are_already_uris_are_kept_and_uids_name_the_authority(settings):
    settings.FEED_ID_AUTHORITY = "Engage.Example.org"
    assert tag_uri("urn:test:1") == "urn:test:1"
    assert tag_uri("feedback-7") == f"tag:engage.example.org,{settings.FEED_ID_YEAR}:feedback-7"
    assert calendar_uid("activity-7") == "activity-7@engage.example.org"
