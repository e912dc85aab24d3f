"""Public ward and borough pages are cached for anonymous visitors until their area is invalidated."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import messages

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


def test_signed_in_people_bypass_the_cache(client, ward, counted_section):
    from accounts.tests.factories import UserFactory

    client.get(f"/wards/{ward.code}/")
    counted_section["text"] = "second version"
    client.force_login(UserFactory())
    assert b"second version" in client.get(f"/wards/{ward.code}/").content


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
    finally:
        registry.ward_page.sections.pop("test-form", None)
    assert b"csrfmiddlewaretoken" in first
    assert first != second  # each visitor gets their own token
