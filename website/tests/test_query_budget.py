"""Public pages are built in a bounded number of queries, whatever the data (issue 14)."""

import pytest

from core.tests.query_budget import MAX_QUERIES, SIGNED_IN_QUERIES, assert_flat, use_database_cache
from website.tests.area_data import add_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def _grow(ward, team, rounds):
    def grow():
        for _ in range(rounds):
            add_round(ward, team)

    return grow


def test_area_pages_take_the_same_few_queries_however_much_there_is_to_show(client, ward, ward_team):
    add_round(ward, ward_team)
    borough = ward.borough
    urls = [
        # as built, not served from the page cache
        f"/wards/{ward.code}/?built",
        f"/boroughs/{borough.code}/?built",
        f"/wards/{ward.code}/feed.atom",
        f"/boroughs/{borough.code}/feed.atom",
        f"/wards/{ward.code}/calendar.ics",
        f"/boroughs/{borough.code}/calendar.ics",
        "/",
        "/find/",
        "/boroughs/",
        "/accessibility/",
        "/privacy/",
        "/open-data/",
    ]
    assert_flat(client, urls, _grow(ward, ward_team, 3))


def test_a_signed_in_visitor_gets_the_area_pages_in_the_same_few_queries(client, ward, ward_team, officer):
    """Built for each signed-in visitor (never cached): the page's queries, and the sign-in's own."""
    add_round(ward, ward_team)
    client.force_login(officer)
    assert_flat(
        client,
        [f"/wards/{ward.code}/", f"/boroughs/{ward.borough.code}/"],
        _grow(ward, ward_team, 2),
        limit=MAX_QUERIES + SIGNED_IN_QUERIES,
    )


def test_area_pages_built_from_nothing_take_the_same_few_queries(client, ward, ward_team, settings):
    """Built with no content kept (the first visit after a change): the page's own queries, however much it shows.
    Counted with the cache in memory: the database cache's own reads and writes are counted above."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.AREA_CONTENT_CACHE = False
    add_round(ward, ward_team)
    urls = [f"/wards/{ward.code}/?built", f"/boroughs/{ward.borough.code}/?built"]
    assert_flat(client, urls, _grow(ward, ward_team, 3))
