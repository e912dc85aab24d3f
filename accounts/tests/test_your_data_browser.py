"""The "your data" journey for someone without an account works in a browser, and every page passes axe."""

import re
from typing import Any

import pytest

from accounts.services import your_data_token
from conftest import REFLOW_WIDTH, assert_accessible
from priorities import services as priority_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "browser.resident@example.test"


def test_someone_without_an_account_asks_sees_and_erases_their_data(live_server: Any, page: Any, ward: Any) -> None:
    place = priority_services.resolve_place(ward=ward)
    priority_services.raise_issue(
        category="asb", description="Bins left out all week.", frequency="weekly", place=place,
        contact_name="Browser Resident", contact_email=EMAIL,
    )  # fmt: skip
    page.goto(live_server.url + "/account/your-data/")
    assert_accessible(page)
    page.get_by_role("button", name="Send me the link").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Send me the link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert_accessible(page)

    page.goto(live_server.url + f"/account/your-data/{your_data_token(EMAIL)}/")
    assert page.get_by_role("heading", level=1).inner_text() == "The data we hold about you"
    page.get_by_text("Show all of it here").click()
    assert "Bins left out all week." in page.content()
    assert_accessible(page)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Erase your data").click()
    page.wait_for_url(re.compile(r"/erase/$"))
    assert_accessible(page)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase my data").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your data has been erased"
    assert_accessible(page)
