"""Subscribe in a real browser: the form, an error, then the confirmation page; axe checks each page."""

import re

import pytest
from playwright.sync_api import expect

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
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill("browser@example.test")
    page.get_by_label("I agree to receive these alerts").check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/alerts/subscribe/check/"))
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert "browser@example.test" in page.content()
    assert_accessible(page)


def test_staff_write_preview_and_report_pages_are_accessible(live_server, page, officer, ward, client):
    from alerts.tests.factories import SubscriberFactory

    SubscriberFactory(wards=[ward])
    client.force_login(officer)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/alerts/messages/new/?template=appeal")
    assert_accessible(page)
    page.get_by_label("Subject", exact=True).fill("Appeal: stolen bikes")
    page.locator("summary", has_text=ward.borough.name).click()  # open the borough, then tick one of its wards
    page.get_by_label(ward.name, exact=True).check()
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url(re.compile(r"/alerts/messages/\d+/$"))
    assert page.get_by_text("Reaches 1 person").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/alerts/reports/subscribers/?months=3")
    assert_accessible(page)
