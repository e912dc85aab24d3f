"""The SMS outbox follows the outbox rules: a provider that answers 503 is tried again with backoff, a refusal
fails at once, a row left "sending" is recovered, and administrators can send a failed one again."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alerts import services
from core.models import AuditEntry
from notifications.models import SmsOutbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings: Any) -> Any:
    """A real HTTP SMS provider on loopback answering with `state["status"]`."""
    received: list[dict[str, Any]] = []
    state = {"status": 503}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if state["status"] < 300:
                received.append(body)
            self.send_response(state["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"id": f"prov-{len(received)}"}).encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ALERTS_SMS_GATEWAY = "notifications.channels.httpgateway.HttpJsonGateway"
    settings.ALERTS_SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/v1/sms"
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    yield received, state
    server.shutdown()


def _dispatch() -> None:
    call_command("alerts_dispatch", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _queue(capture: Any) -> SmsOutbox:
    with capture(execute=True):
        row = services.send_sms(to="07700900456", text="Your code is 123456", reason="alerts.sms_code")
    row.refresh_from_db()
    return row


def test_text_is_sent_when_the_provider_recovers(provider, django_capture_on_commit_callbacks):
    received, state = provider
    row = _queue(django_capture_on_commit_callbacks)
    assert (row.status, row.attempts) == (SmsOutbox.Status.QUEUED, 1)
    assert "503" in row.error
    state["status"] = 201
    _dispatch()  # not due yet
    assert received == []
    with time_machine.travel(row.next_attempt_at + timedelta(seconds=1)):
        _dispatch()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.reference) == (SmsOutbox.Status.SENT, 2, "prov-1")
    assert [r["to"] for r in received] == ["+447700900456"]


def test_text_refused_by_the_provider_fails_at_once(provider, django_capture_on_commit_callbacks):
    _, state = provider
    state["status"] = 400
    row = _queue(django_capture_on_commit_callbacks)
    assert (row.status, row.attempts) == (SmsOutbox.Status.FAILED, 1)


def test_text_left_sending_by_a_killed_worker_is_sent(provider, settings):
    received, state = provider
    state["status"] = 201
    row = SmsOutbox.objects.create(
        to="+447700900456", text="Hello", status="sending", attempts=1, claimed_at=timezone.now() - timedelta(hours=1)
    )
    _dispatch()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SmsOutbox.Status.SENT, 2)
    assert len(received) == 1


def test_administrator_sends_a_failed_text_again(client, administrator, provider, django_capture_on_commit_callbacks):
    received, state = provider
    state["status"] = 400
    row = _queue(django_capture_on_commit_callbacks)
    client.force_login(administrator)
    page = client.get(reverse("alerts:sms_outbox"))
    assert page.status_code == 200 and b"+447700900456" in page.content
    assert b"123456" not in page.content  # the text (here a code) is never shown
    state["status"] = 201
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("alerts:sms_resend", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == SmsOutbox.Status.SENT
    assert len(received) == 1
    assert AuditEntry.objects.filter(action="outbox.sms_resent", actor=administrator).count() == 1


def test_only_administrators_see_the_sms_outbox(client, officer):
    row = SmsOutbox.objects.create(to="+447700900456", text="x", status="failed")
    client.force_login(officer)
    assert client.get(reverse("alerts:sms_outbox")).status_code == 403
    assert client.post(reverse("alerts:sms_resend", args=[row.pk])).status_code == 403
