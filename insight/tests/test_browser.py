"""The board's view in a real browser: axe-clean, and no sideways scrolling at 320 px outside scroll regions."""

import io
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from conftest import REFLOW_WIDTH, WIDE_ELEMENTS_JS, assert_accessible
from demo import insight as demo
from organisations.models import Role


def _login(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_reads_the_fictional_series(live_server: Any, page: Any, make_staff: Any) -> None:
    demo.load(io.StringIO())
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    _login(page, live_server, reader)
    page.goto(f"{live_server.url}/insight/")
    expect(page.get_by_text("Fictional demonstration figures")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Informed local").click()
    page.locator("#id_borough").select_option(label="Lewisham")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Lewisham beside London: quarter")).to_be_visible()
    expect(page.locator("svg[role=img] title")).to_contain_text("Lewisham")
    assert_accessible(page)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    assert page.evaluate(WIDE_ELEMENTS_JS) == []
    page.goto(f"{live_server.url}/insight/engagement/")
    expect(page.get_by_role("table")).to_contain_text("Lewisham")
    assert_accessible(page)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    assert page.evaluate(WIDE_ELEMENTS_JS) == []
