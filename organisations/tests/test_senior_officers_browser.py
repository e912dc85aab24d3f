"""The senior officers' pages in a real browser: axe finds nothing, errors are summarised, 320 px fits."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from conftest import assert_accessible
from organisations.models import SeniorOfficer


def _login(page, live_server, user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_administrator_publishes_a_senior_officer_without_script_errors(live_server, page, administrator):
    _login(page, live_server, administrator)
    page.goto(f"{live_server.url}/organisations/senior-officers/new/")
    page.get_by_label("Public email address").fill("not an address")
    page.get_by_role("button", name="Save profile").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a valid email address")
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("Commander Avery Quill")
    page.get_by_label("Rank", exact=True).fill("Commander")
    page.get_by_label("Short biography").fill("Leads <b>neighbourhood</b> policing.")
    page.get_by_label("Public email address").fill("")
    page.get_by_label("Published", exact=True).check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("cell", name="Commander Avery Quill", exact=True)).to_be_visible()
    assert SeniorOfficer.objects.get().bio == "Leads <b>neighbourhood</b> policing."
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways at 320 px: {widths}"
