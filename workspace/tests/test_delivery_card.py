"""The administrators' workspace card: emails given up on and how each scheduled job last ran."""

from datetime import UTC, datetime
from typing import Any

from django.urls import reverse

from core.models import ScheduledJob
from notifications.models import OutboundEmail


def test_administrators_see_failed_emails_and_the_last_run_of_each_job(client: Any, administrator: Any) -> None:
    OutboundEmail.objects.create(to="a@example.test", subject="s", text="t", status="failed")
    ScheduledJob.objects.create(
        name="apply_retention",
        next_run_at=datetime(2026, 3, 3, 3, 0, tzinfo=UTC),
        last_started_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
        last_outcome=ScheduledJob.Outcome.FAILED,
    )
    ScheduledJob.objects.create(name="not_in_the_schedule_any_more", next_run_at=datetime(2026, 3, 3, tzinfo=UTC))
    client.force_login(administrator)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "<strong>1</strong> email could not be delivered" in html
    assert "apply_retention" in html and "Failed" in html
    assert "not_in_the_schedule_any_more" not in html
    assert reverse("workspace:email_outbox") in html


def test_the_card_is_for_administrators_only(client: Any, officer: Any) -> None:
    client.force_login(officer)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "Email and scheduled jobs" not in html
