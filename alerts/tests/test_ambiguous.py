"""A reply lost after the message was handed to the SMTP server is "unknown", never "not delivered"; a failure
before the message was handed over is safe to try again. Real SMTP servers on loopback, one slow to answer DATA
and one that refuses it."""

import asyncio
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from alerts import services
from alerts.models import Delivery, Message
from alerts.tests.factories import SubscriberFactory
from conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())


class Server:
    """Accepts every message, after `delay` seconds; or refuses DATA with `code`."""

    def __init__(self, *, delay: float = 0, code: str = "250 OK") -> None:
        self.delay, self.code = delay, code
        self.received: list[str] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.code.startswith("250"):
            self.received.extend(envelope.rcpt_tos)  # the whole message is here; the reply is yet to come
        await asyncio.sleep(self.delay)
        return self.code


@pytest.fixture
def server_for(settings):
    started: list[Server] = []

    def start(**kwargs: Any) -> Server:
        server = Server(**kwargs)
        server.controller.start()
        started.append(server)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.controller.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 0.5
        return server

    yield start
    for server in started:
        server.controller.stop()


def _send(ward, officer) -> Delivery:
    SubscriberFactory(wards=[ward])
    message = services.save_message(by=officer, subject="Appeal", body="Did you see anything?", wards=[ward])
    services.send_message(message, by=officer)
    return Delivery.objects.get(message=message)


def test_no_reply_after_the_message_was_sent_is_unknown_not_retried(server_for, ward, officer):
    server = server_for(delay=1.5)  # longer than EMAIL_TIMEOUT: the server accepts after we stopped listening
    delivery = _send(ward, officer)
    assert delivery.status == Delivery.Status.UNKNOWN
    assert delivery.attempt_at is not None
    assert "no reply after the message was sent" in delivery.error
    assert delivery.message.status == Message.Status.SENT  # nothing left queued to send it again by itself
    # The server had the whole message when we stopped listening: sending it again could send it twice.
    assert server.received == [delivery.address]


def test_a_refusal_at_data_is_not_delivered_and_tried_again(server_for, ward, officer):
    server_for(code="451 Try again later")
    delivery = _send(ward, officer)
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempt_at is None and delivery.not_before is not None
    assert "451" in delivery.error
