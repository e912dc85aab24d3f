"""The borough maps in a real browser: axe finds nothing, they fit a 320 px screen, and a keyboard reaches them."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from activities.tests.factories import record
from conftest import assert_accessible


def _login(page, live_server, user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _no_horizontal_scroll(page) -> None:  # type: ignore[no-untyped-def]
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways at 320 px: {widths}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_map_is_accessible_fits_320px_and_leads_to_the_borough(live_server, page, administrator, ward):
    record(wards=[ward], title="Catford panel", method="panel_meeting")
    _login(page, live_server, administrator)
    page.goto(f"{live_server.url}/activities/?method=panel_meeting")
    borough = page.get_by_role("link", name="Lewisham: 1 activity (1 planned, 0 held)")
    expect(borough).to_be_visible()
    expect(page.get_by_role("group", name="Activities per borough")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    _no_horizontal_scroll(page)
    box = page.locator(".eh-map__svg").bounding_box()
    assert box is not None and box["width"] <= 320

    borough.focus()
    expect(borough).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Engagement in Lewisham")).to_be_visible()
    assert "method=panel_meeting" in page.url
    _no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_fatigue_and_never_asked_maps_pass_axe_and_fit_320px(live_server, page, make_staff, lewisham, ward):
    from organisations.models import Role

    record(wards=[ward], title="Catford panel", method="panel_meeting")
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    _login(page, live_server, reader)
    for path, name in (
        (f"/activities/fatigue/?borough={lewisham.code}", "Lewisham: 0 of 19 wards at medium or high (0%)"),
        ("/activities/never-asked/?months=3", "Lewisham: 19 of 19 wards with nothing in 3 months (100%)"),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + path)
        expect(page.get_by_role("link", name=name)).to_be_visible()
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 640})
        page.reload()
        _no_horizontal_scroll(page)
        assert_accessible(page)
