"""Public ward and borough pages are cached for anonymous visitors until their area is invalidated."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import messages
from django.core.cache import cache

from core import pagecache, registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_section() -> Iterator[dict[str, Any]]:
    """A ward-page section (registered like any app's) that shows a changing value."""
    state: dict[str, Any] = {"text": "first version", "calls": 0}

    def context(ward: Any, request: Any) -> dict[str, Any]:
        state["calls"] += 1
        return {"text": state["text"]}

    registry.ward_page.add("test-cache", order=999, template="website/tests/_section.html", context=context)
    try:
        yield state
    finally:
        registry.ward_page.sections.pop("test-cache", None)


@pytest.fixture(autouse=True)
def _section_template(settings: Any, tmp_path: Any) -> None:
    folder = tmp_path / "website" / "tests"
    folder.mkdir(parents=True)
    (folder / "_section.html").write_text('<p class="govuk-body" id="test-section">{{ ctx.text }}</p>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]


def test_anonymous_visitors_get_the_cached_page(client, ward, counted_section):
    assert b"first version" in client.get(f"/wards/{ward.code}/").content
    counted_section["text"] = "second version"
    again = client.get(f"/wards/{ward.code}/")
    assert b"first version" in again.content
    assert counted_section["calls"] == 1


def test_invalidating_the_ward_shows_fresh_content_after_commit(
    client, ward, counted_section, django_capture_on_commit_callbacks
):
    client.get(f"/wards/{ward.code}/")
    counted_section["text"] = "second version"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pagecache.invalidate(wards=[ward.pk])
        # Before the transaction commits the old page is still served.
        assert b"first version" in client.get(f"/wards/{ward.code}/").content
    assert len(callbacks) == 1
    assert b"second version" in client.get(f"/wards/{ward.code}/").content


def test_invalidating_another_ward_keeps_this_page_cached(
    client, ward, other_ward, counted_section, django_capture_on_commit_callbacks
):
    client.get(f"/wards/{ward.code}/")
    counted_section["text"] = "second version"
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(wards=[other_ward.pk])
    assert b"first version" in client.get(f"/wards/{ward.code}/").content


def test_invalidating_london_refreshes_every_area_page(
    client, ward, counted_section, django_capture_on_commit_callbacks
):
    client.get(f"/wards/{ward.code}/")
    counted_section["text"] = "second version"
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(london=True)
    assert b"second version" in client.get(f"/wards/{ward.code}/").content


def test_signed_in_people_get_the_shared_content_in_a_page_of_their_own(
    client, ward, counted_section, django_capture_on_commit_callbacks
):
    from accounts.tests.factories import UserFactory

    client.get(f"/wards/{ward.code}/")
    counted_section["text"] = "second version"
    client.force_login(UserFactory())
    page = client.get(f"/wards/{ward.code}/").content
    assert b"first version" in page  # the ward's content, as every visitor sees it until the ward changes
    assert b"Sign out" in page and b"csrfmiddlewaretoken" in page  # their own menu
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(wards=[ward.pk])
    assert b"second version" in client.get(f"/wards/{ward.code}/").content
    assert counted_section["calls"] == 2


def test_a_page_with_a_query_string_reuses_the_content_but_is_not_kept_whole(client, ward, counted_section):
    client.get(f"/wards/{ward.code}/?from=newsletter")
    assert counted_section["calls"] == 1
    assert b"first version" in client.get(f"/wards/{ward.code}/?from=email").content
    assert b"first version" in client.get(f"/wards/{ward.code}/").content
    assert counted_section["calls"] == 1


def test_the_content_is_kept_per_language(client, ward, counted_section, settings):
    settings.LIVE_LANGUAGES = ["pl"]
    client.get(f"/wards/{ward.code}/")
    counted_section["text"] = "second version"
    assert b"second version" in client.get(f"/pl/wards/{ward.code}/").content
    assert counted_section["calls"] == 2


def test_without_the_content_cache_every_page_built_reads_the_data(client, ward, counted_section, settings):
    settings.AREA_CONTENT_CACHE = False
    client.get(f"/wards/{ward.code}/?a")
    counted_section["text"] = "second version"
    assert b"second version" in client.get(f"/wards/{ward.code}/?b").content
    assert counted_section["calls"] == 2


def test_borough_page_is_refreshed_by_invalidating_the_borough(client, lewisham, django_capture_on_commit_callbacks):
    assert b"Lewisham Community Safety Partnership" not in client.get(f"/boroughs/{lewisham.code}/").content
    from organisations.models import Unit
    from organisations.tests.factories import UnitFactory

    UnitFactory(
        name="Lewisham Community Safety Partnership", kind=Unit.Kind.COMMUNITY_SAFETY_PARTNERSHIP, borough=lewisham
    )
    assert b"Lewisham Community Safety Partnership" not in client.get(f"/boroughs/{lewisham.code}/").content
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(boroughs=[lewisham.pk])
    assert b"Lewisham Community Safety Partnership" in client.get(f"/boroughs/{lewisham.code}/").content


def test_a_page_with_a_message_waiting_is_not_cached_for_others(client, ward, counted_section, rf):
    from django.contrib.messages.storage.cookie import CookieStorage

    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "Thanks for your feedback (only for you)")
    response = client.get("/")  # sets up the session cookie jar
    storage.update(response)
    client.cookies.update(response.cookies)
    first = client.get(f"/wards/{ward.code}/")
    assert b"Thanks for your feedback (only for you)" in first.content
    client.cookies.pop("messages", None)
    second = client.get(f"/wards/{ward.code}/")
    assert b"Thanks for your feedback" not in second.content


def test_a_page_with_a_form_section_is_not_cached(client, ward, settings, tmp_path):
    (tmp_path / "website" / "tests" / "_form.html").write_text(
        '<form method="post" action="/x/">{% csrf_token %}<button class="govuk-button">Join</button></form>'
    )
    registry.ward_page.add("test-form", order=998, template="website/tests/_form.html", context=lambda w, r: {})
    try:
        first = client.get(f"/wards/{ward.code}/").content
        client.cookies.clear()
        second = client.get(f"/wards/{ward.code}/").content
        client.cookies.clear()
        third = client.get(f"/wards/{ward.code}/?built").content
    finally:
        registry.ward_page.sections.pop("test-form", None)
    assert b"csrfmiddlewaretoken" in first
    assert first != second  # each visitor gets their own token
    assert _token(third) not in (_token(first), _token(second))  # nor is the content with a form kept


def test_a_signed_in_visitors_token_never_reaches_the_shared_content(client, ward, officer):
    """Their menu's sign-out form holds their token; the content kept for everyone must not."""
    client.force_login(officer)
    mine = client.get(f"/wards/{ward.code}/").content
    assert b"csrfmiddlewaretoken" in mine
    client.logout()
    client.cookies.clear()
    theirs = client.get(f"/wards/{ward.code}/").content
    assert b"csrfmiddlewaretoken" not in theirs
    assert _token(mine) not in theirs


def _token(page: bytes) -> bytes:
    start = page.index(b'name="csrfmiddlewaretoken" value="') + len(b'name="csrfmiddlewaretoken" value="')
    return page[start : page.index(b'"', start)]


def test_a_change_made_in_another_process_reaches_this_ones_visitors_within_a_second(
    client, ward, counted_section, time_machine
):
    time_machine.move_to("2026-06-01 12:00:00+00:00", tick=False)
    client.get(f"/wards/{ward.code}/")
    counted_section["text"] = "after the change"
    key = f"pagever:ward:{ward.pk}"
    cache.set(key, cache.get(key) + 1)  # another web process's change: this one holds the version it read
    assert b"after the change" not in client.get(f"/wards/{ward.code}/").content
    time_machine.shift(pagecache.VERSION_HOLD_SECONDS + 0.1)
    assert b"after the change" in client.get(f"/wards/{ward.code}/").content
