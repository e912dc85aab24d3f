"""The administrators' outbox pages and delivery card in a real browser, checked by axe; "Send again" is a plain
form post."""

from datetime import UTC, datetime

import pytest

from conftest import assert_accessible
from core.models import ScheduledJob
from notifications.models import OutboundEmail, SmsOutbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_outbox_pages_and_delivery_card_are_accessible(live_server, page, administrator, client):
    email = OutboundEmail.objects.create(
        to="resident@example.test", subject="Your answer", text="t", status="failed", attempts=10, error="Refused"
    )
    SmsOutbox.objects.create(to="+447700900456", text="x", status="unknown", attempts=10, error="Worker stopped")
    ScheduledJob.objects.create(
        name="retry_outbox", next_run_at=datetime(2026, 3, 3, tzinfo=UTC), last_outcome=ScheduledJob.Outcome.OK
    )
    client.force_login(administrator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/staff/")
    assert page.get_by_role("heading", name="Email and scheduled jobs").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/alerts/outbox/")
    assert page.get_by_role("heading", name="Text messages not delivered").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/staff/outbox/")
    assert_accessible(page)
    page.get_by_role("button", name="Send again to resident@example.test").click()
    page.wait_for_load_state()
    assert page.get_by_text("The email to resident@example.test will be sent again.").is_visible()
    assert_accessible(page)
    email.refresh_from_db()
    assert email.status != OutboundEmail.Status.FAILED
