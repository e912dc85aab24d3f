"""Subscribe in a real browser: the form, an error, then the confirmation page; axe checks each page."""

import re

import pytest

from conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_subscribe_form_leads_to_the_confirmation_page(live_server, page, london):
    page.goto(live_server.url + "/alerts/subscribe/")
    assert_accessible(page)
    page.get_by_label("Your postcode").fill("BR1 5FD")
    page.get_by_label("Crime alerts and appeals for information").check()
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_label("I agree to receive these alerts").check()
    page.get_by_role("button", name="Subscribe").click()
    assert page.get_by_text("There is a problem").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill("browser@example.test")
    page.get_by_label("I agree to receive these alerts").check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/alerts/subscribe/check/"))
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert "browser@example.test" in page.content()
    assert_accessible(page)
