"""Transactional email is never lost: tried again with backoff over a real SMTP server that is down, then up;
stale "sending" rows recovered; the emails given up on shown to administrators, who can send them again."""

from datetime import timedelta
from email import message_from_bytes
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import free_port
from core.models import AuditEntry
from notifications import notify, outbox
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


class Sink:
    """A real SMTP server on loopback that is down until `up()`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[Any] = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"

    def up(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings: Any) -> Any:
    sink = Sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    yield sink
    sink.down()


def _send(capture: Any, **kwargs: Any) -> OutboundEmail:
    with capture(execute=True):
        email = notify.send_email(to="resident@example.test", subject="Your code", text="Body", **kwargs)
    email.refresh_from_db()
    return email


def test_backoff_doubles_up_to_the_cap(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 600
    assert [outbox.backoff(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 480, 600]


def test_email_is_sent_once_the_smtp_server_comes_back(smtp, django_capture_on_commit_callbacks):
    email = _send(django_capture_on_commit_callbacks)
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.error
    first_retry = email.next_attempt_at
    assert timedelta(seconds=59) < first_retry - timezone.now() <= timedelta(seconds=60)

    call_command("retry_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115 - not due yet: untouched
    email.refresh_from_db()
    assert email.attempts == 1

    with time_machine.travel(first_retry + timedelta(seconds=1)):
        call_command("retry_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115 - still down: backs off
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboundEmail.Status.QUEUED, 2)
        assert email.next_attempt_at - timezone.now() > timedelta(seconds=119)
    smtp.up()
    with time_machine.travel(email.next_attempt_at + timedelta(seconds=1)):
        call_command("retry_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == (OutboundEmail.Status.SENT, 3, "")
    assert [m["Subject"] for m in smtp.messages] == ["Your code"]
    call_command("retry_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115 - nothing more to do
    assert len(smtp.messages) == 1


def test_email_fails_after_its_last_attempt(smtp, settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = _send(django_capture_on_commit_callbacks)
    with time_machine.travel(email.next_attempt_at + timedelta(seconds=1)):
        call_command("retry_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == (OutboundEmail.Status.FAILED, 2, None)
    assert list(outbox.given_up(OutboundEmail)) == [email]


def _left_sending(attempts: int) -> OutboundEmail:
    """An email whose worker was killed during the send, 11 minutes ago."""
    return OutboundEmail.objects.create(
        to="resident@example.test",
        subject="Stuck",
        text="Body",
        status=OutboundEmail.Status.SENDING,
        attempts=attempts,
        claimed_at=timezone.now() - timedelta(minutes=11),
    )


def test_email_left_sending_by_a_killed_worker_is_sent(smtp, settings):
    settings.OUTBOX_SENDING_TIMEOUT_SECONDS = 600
    smtp.up()
    email = _left_sending(attempts=1)
    fresh = OutboundEmail.objects.create(
        to="other@example.test", subject="Now", text="x", status="sending", attempts=1, claimed_at=timezone.now()
    )
    call_command("retry_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email.refresh_from_db()
    fresh.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.SENT, 2)
    assert fresh.status == OutboundEmail.Status.SENDING  # another worker may still be sending it
    assert [m["Subject"] for m in smtp.messages] == ["Stuck"]


def test_email_left_sending_on_its_last_attempt_is_unknown(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = _left_sending(attempts=3)
    call_command("retry_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.UNKNOWN
    assert "not known" in email.error


def test_administrator_sees_emails_given_up_on_and_sends_one_again(
    client, administrator, smtp, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    email = _send(django_capture_on_commit_callbacks, reason="feedback.published")
    assert email.status == OutboundEmail.Status.FAILED
    client.force_login(administrator)
    page = client.get(reverse("workspace:email_outbox"))
    assert page.status_code == 200
    assert b"resident@example.test" in page.content and b"ConnectionRefusedError" in page.content

    smtp.up()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workspace:email_resend", args=[email.pk]))
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(smtp.messages) == 1
    entry = AuditEntry.objects.get(action="outbox.email_resent")
    assert entry.actor == administrator and entry.object_id == str(email.pk)
    # Sending it again once it has gone changes nothing.
    client.post(reverse("workspace:email_resend", args=[email.pk]))
    assert AuditEntry.objects.filter(action="outbox.email_resent").count() == 1


def test_only_administrators_see_the_email_outbox(client, officer):
    email = OutboundEmail.objects.create(to="a@example.test", subject="s", text="t", status="failed")
    client.force_login(officer)
    assert client.get(reverse("workspace:email_outbox")).status_code == 403
    assert client.post(reverse("workspace:email_resend", args=[email.pk])).status_code == 403
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED


def test_resend_needs_a_post(client, administrator):
    email = OutboundEmail.objects.create(to="a@example.test", subject="s", text="t", status="failed")
    client.force_login(administrator)
    assert client.get(reverse("workspace:email_resend", args=[email.pk])).status_code == 405
    assert client.post(reverse("workspace:email_resend", args=[email.pk + 1000])).status_code == 404
