"""The public journey in a real browser: find a ward by postcode, with and without JavaScript; axe checks."""

import re

import pytest

from conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POSTCODE = "SE6 4RU"  # Rushey Green, Lewisham


def _find_by_postcode(page, base_url: str, postcode: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("button", name="Find your area").click()


def test_postcode_from_the_home_page_leads_to_the_ward_then_its_borough(live_server, page, london):
    from places.models import Postcode

    expected = Postcode.objects.select_related("ward").get(postcode="SE64RU").ward
    page.goto(live_server.url + "/")
    assert_accessible(page)
    _find_by_postcode(page, live_server.url, POSTCODE)
    page.wait_for_url(re.compile(rf"/wards/{expected.code}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == expected.name
    assert_accessible(page)
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Lewisham").click()
    page.wait_for_url(re.compile(r"/boroughs/E09000023/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Lewisham"
    assert page.get_by_role("table").first.is_visible()
    assert_accessible(page)


def test_mobile_menu_toggles_and_postcode_error_state_is_accessible(live_server, browser, london):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        toggle = page.get_by_role("button", name="Menu")
        toggle.wait_for(state="visible")
        link = page.locator(".govuk-service-navigation__list").get_by_role("link", name="Boroughs", exact=True)
        assert link.is_hidden()
        toggle.click()
        assert link.is_visible()
        assert toggle.get_attribute("aria-expanded") == "true"

        _find_by_postcode(page, live_server.url, "not a postcode")
        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible()
        summary.get_by_role("link", name="Enter a full UK postcode, like SE6 4RU.").click()
        assert page.evaluate("document.activeElement.id") == "id_postcode"
        assert page.title().startswith("Error: ")
        assert_accessible(page)
    finally:
        context.close()


def test_home_to_ward_works_without_javascript_and_the_menu_is_visible(live_server, browser, london):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        # Without JavaScript the mobile menu's links are shown (the toggle button stays hidden).
        assert page.locator(".govuk-service-navigation__toggle").is_hidden()
        assert page.get_by_role("link", name="Boroughs", exact=True).is_visible()
        _find_by_postcode(page, live_server.url, "se64ru")
        page.wait_for_url(re.compile(r"/wards/E05\d{6}/$"))
        assert page.get_by_role("heading", level=1).inner_text() == "Rushey Green"
    finally:
        context.close()


def test_the_privacy_notice_is_accessible(live_server, page, db):
    page.goto(live_server.url + "/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    assert page.get_by_role("link", name="ico.org.uk/make-a-complaint").is_visible()
    assert_accessible(page)


def test_api_docs_render_from_our_own_assets_under_the_sites_csp(live_server, page, db):
    """Swagger UI comes from the site's static files, so the Content-Security-Policy lets it run."""
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=15000)
    assert "Engagement Hub API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock").first.wait_for(timeout=15000)
    assert blocked == []
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests


def test_place_search_and_location_find_an_area_accessibly_at_320px(live_server, browser, london):
    context = browser.new_context(
        viewport={"width": 320, "height": 800},
        geolocation={"latitude": 51.5138, "longitude": -0.0984},  # St Paul's Cathedral, City of London
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/find/")
        page.get_by_label("Place name").fill("brixtn")
        page.get_by_role("button", name="Search places").click()
        page.get_by_role("link", name="Brixton North").wait_for()
        assert_accessible(page)
        page.get_by_label("Place name").fill("b")
        page.get_by_role("button", name="Search places").click()
        page.locator(".govuk-error-summary").get_by_role("link", name=re.compile("at least 2 letters")).wait_for()
        assert_accessible(page)
        page.get_by_role("button", name="Use my location").click()
        page.wait_for_url(re.compile(r"/wards/E05\d+/$"))
        assert_accessible(page)
        page.goto(live_server.url + "/boroughs/E09000001/")
        page.locator('a.eh-map__area[aria-label="Castle Baynard: ward"]').focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/wards/E05\d+/$"))
        assert page.get_by_role("heading", level=1).inner_text() == "Castle Baynard"
        page.goto(live_server.url + "/")
        assert page.locator("a.eh-map__area").count() == 33
        assert_accessible(page)
    finally:
        context.close()


def test_the_find_page_works_without_javascript(live_server, browser, london):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/find/")
        assert page.get_by_role("button", name="Use my location").count() == 0  # hidden: it needs script
        page.get_by_text("Enter a latitude and longitude").click()
        page.get_by_label("Latitude").fill("51.5014")
        page.get_by_label("Longitude").fill("-0.1419")
        page.get_by_role("button", name="Find the area at this point").click()
        assert page.get_by_text("Your location is in").is_visible()
        assert page.get_by_role("link", name="St James's").is_visible()
    finally:
        context.close()
