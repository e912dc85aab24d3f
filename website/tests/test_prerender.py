"""Ward and borough pages are made again in the background after a change, so their next visitor is served a
kept page: whole, or its content inside a page of their own (website.prerender)."""

import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities.tests.factories import record
from core import pagecache
from core.tests.query_budget import use_database_cache
from website import prerender, tasks

pytestmark = pytest.mark.django_db
ENGLISH = "en-gb"


@pytest.fixture
def made_ahead(settings):
    use_database_cache(settings)
    settings.AREA_PAGES_PRERENDER = [ENGLISH]
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver"]
    return settings


def _kept(kind, area, *names):
    return pagecache.kept(kind, area.pk, *names)[1]


def test_a_change_in_a_ward_makes_its_pages_again_before_anyone_visits(
    made_ahead, client, ward, ward_team, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    assert client.get(f"/wards/{ward.code}/").status_code == 200  # a page kept from before the change
    with django_capture_on_commit_callbacks(execute=True):
        activity = record(
            organising_unit=ward_team,
            wards=[ward],
            is_public=True,
            title="Catford South <street> briefing",
            starts_at=timezone.now() + timezone.timedelta(days=2),
        )
    kept = _kept("ward", ward, ENGLISH, f"{ENGLISH}:body")
    assert set(kept) == {ENGLISH, f"{ENGLISH}:body"}  # made for the change's new versions
    assert "Catford South &lt;street&gt; briefing" in kept[f"{ENGLISH}:body"]
    assert set(_kept("borough", ward.borough, ENGLISH)) == {ENGLISH}
    with django_assert_max_num_queries(1):  # the versions and the page in one read of the cache at most
        response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 200
    assert b"Catford South &lt;street&gt; briefing" in response.content
    assert activity.title.encode() not in response.content


def test_a_page_made_ahead_is_the_page_a_visitor_would_have_built(
    made_ahead, client, ward, django_capture_on_commit_callbacks
):
    made_ahead.AREA_PAGES_PRERENDER = []  # nobody makes it ahead: the visitor's request builds it
    built = client.get(f"/wards/{ward.code}/").content
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(wards=[ward.pk])
    assert _kept("ward", ward, ENGLISH) == {}
    made_ahead.AREA_PAGES_PRERENDER = [ENGLISH]
    assert prerender.make_pages(wards=[ward.pk]) == 1
    assert _kept("ward", ward, ENGLISH)[ENGLISH] == built
    assert client.get(f"/wards/{ward.code}/").content == built


def test_a_page_already_made_for_the_current_versions_is_made_again_only_by_the_periodic_round(made_ahead, ward):
    assert prerender.make_pages(wards=[ward.pk]) == 1
    assert prerender.make_pages(wards=[ward.pk]) == 0  # a second change's task: nothing new to show
    assert prerender.make_pages(wards=[ward.pk], again=True) == 1


def test_each_language_is_made_under_its_own_address(made_ahead, ward):
    made_ahead.LIVE_LANGUAGES = ["pl"]
    made_ahead.AREA_PAGES_PRERENDER = [ENGLISH, "pl"]
    assert prerender.make_pages(wards=[ward.pk], boroughs=[ward.borough_id]) == 4
    kept = _kept("ward", ward, ENGLISH, "pl")
    assert set(kept) == {ENGLISH, "pl"}
    assert 'lang="pl"' in kept["pl"].decode()


def test_a_later_london_wide_change_stops_the_earlier_ones_work(made_ahead, django_capture_on_commit_callbacks):
    earlier = prerender.current_london_version()
    made_ahead.AREA_PAGES_PRERENDER = []  # the later change's own work is not wanted here
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(london=True)
    made_ahead.AREA_PAGES_PRERENDER = [ENGLISH]
    assert prerender.current_london_version() != earlier
    assert prerender.make_pages(everywhere=True, london_version=earlier) == 0


def test_nothing_is_made_for_an_address_the_service_does_not_answer_to(made_ahead, ward, caplog):
    made_ahead.SITE_URL = "https://elsewhere.example"
    with caplog.at_level(logging.WARNING, logger="website.prerender"):
        assert prerender.make_pages(wards=[ward.pk]) == 0
    assert "not in ALLOWED_HOSTS" in caplog.text
    assert _kept("ward", ward, ENGLISH) == {}


def test_no_http_request_can_ask_for_a_page_to_be_made_again(made_ahead, client, ward, django_assert_max_num_queries):
    client.get(f"/wards/{ward.code}/")
    with django_assert_max_num_queries(1):  # the page served whole: nothing was built
        response = client.get(f"/wards/{ward.code}/", headers={"engagehub.prerender": "1", "Engagehub-Prerender": "1"})
    assert response.status_code == 200


def test_the_scheduled_job_queues_every_area_or_says_it_is_off(made_ahead, capsys):
    made_ahead.AREA_PAGES_PRERENDER = []
    call_command("prerender_area_pages")
    assert "none (AREA_PAGES_PRERENDER is empty)" in capsys.readouterr().out


def test_a_change_stands_when_its_pages_cannot_be_queued(
    made_ahead, ward, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """The task queue down (a Redis queue unreachable): the change is made and its pages stale, the failure logged,
    and the person who made it gets no error."""

    class Unreachable:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue unreachable")

    monkeypatch.setattr(tasks, "make_area_pages", Unreachable())
    before = pagecache.version("ward", ward.pk)
    with caplog.at_level(logging.ERROR, logger="core.pagecache"), django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(wards=[ward.pk])
    assert pagecache.version("ward", ward.pk) != before
    assert "A listener to page changes failed." in caplog.text
