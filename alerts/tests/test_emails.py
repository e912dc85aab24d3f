"""An alert rendered once per batch, with each recipient's parts put in, is the message the builder makes for that
recipient, byte for byte; what cannot be put in safely is built as before. The end-to-end tests read what a real
SMTP server received."""

import email
import re
from email import policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import translation

from alerts import emails, services
from alerts.models import Delivery, Message
from alerts.tests.factories import SubscriberFactory
from conftest import free_port

pytestmark = pytest.mark.django_db

BOUNDARY = emails.new_boundary()
DATE = "Mon, 30 Nov 2026 16:00:00 -0000"


class Row:
    def __init__(self, address: str, key: str) -> None:
        self.address, self.idempotency_key = address, key


def _message(**kwargs: Any) -> Message:
    fields = {"subject": "Burglaries nearby", "body": "There have been burglaries.\n\nLock your doors.", "pk": 41}
    fields.update(kwargs)
    return Message(**fields)


def _builder_bytes(message: Message, who: emails.Personal) -> bytes:
    return bytes(emails.build_email(message, who, BOUNDARY).message().as_bytes(linesep="\r\n"))


@pytest.mark.parametrize(
    "address",
    [
        "a@b.example",
        "subscriber123@example.test",
        "first.last+alerts@mail.example.co.uk",
        "x" * 64 + "@" + "d" * 60 + ".example",  # a To line longer than the email package folds at
    ],
)
@pytest.mark.parametrize("token", ["0f3c9a27d1b84e6f9a1c2d3e4f5a6b7c", None])
def test_the_prerendered_bytes_are_the_builders_bytes(address: str, token: str | None) -> None:
    message = _message()
    template = emails.Prerendered.make(message, footer=bool(token), boundary=BOUNDARY)
    assert template is not None
    who = emails.personal(Row(address, f"alert-41-{len(address)}-email@alerts.example"), token, DATE)
    assert emails.plain(who)
    sent = template.render(who)
    assert sent == _builder_bytes(message, who)
    parsed = email.message_from_bytes(sent, policy=policy.default)
    assert parsed["To"] == address
    assert parsed["Message-ID"] == f"<{who.key}>"
    assert parsed["Date"] == DATE
    if token:
        assert parsed["List-Unsubscribe"].endswith(f"/alerts/u/{who.unsubscribe}/>")
        text = parsed.get_body(("plain",)).get_content()
        assert f"/alerts/m/41/{who.manage}/" in text
        assert services.subscriber_from_manage_token(who.manage) is None  # no such subscriber: only signed


def test_words_in_other_scripts_and_the_team_are_rendered_once_too(ward_team: Any) -> None:
    message = _message(
        subject="ধূমপান নিষেধ – পার্কে আগুন", body="Mae tân yn y parc.\n\nPeidiwch â mynd yno. ☎ 999", team=ward_team
    )
    with translation.override("cy"):
        template = emails.Prerendered.make(message, footer=True, boundary=BOUNDARY)
        assert template is not None
        who = emails.personal(Row("person@example.test", "alert-41-7-email@alerts.example"), "abc", DATE)
        assert template.render(who) == _builder_bytes(message, who)


def test_a_body_the_builder_encodes_is_not_prerendered() -> None:
    # A line longer than 998 bytes makes the builder use quoted-printable, which may fold a link: built each time.
    message = _message(body="word " * 400)
    assert emails.Prerendered.make(message, footer=True, boundary=BOUNDARY) is None


@pytest.mark.parametrize("address", ["josé@example.test", '"odd address"@example.test', "a@localhost", "a b@x.example"])
def test_addresses_that_are_not_plain_ascii_are_built_each_time(address: str) -> None:
    assert not emails.plain(emails.personal(Row(address, "alert-1-2-email@x.example"), "tok", DATE))


def test_each_paragraph_and_link_of_the_html_part_is_a_line_of_its_own() -> None:
    who = emails.personal(Row("a@b.example", "alert-41-1-email@alerts.example"), "tok", DATE)
    html = emails.build_email(_message(), who, BOUNDARY).alternatives[0].content
    assert html.splitlines()[:3] == ["<p>There have been burglaries.</p>", "<p>Lock your doors.</p>", "<hr>"]
    assert len(html.splitlines()) == 5


# ---------------------------------------------------------------- over a real SMTP server


class Server:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
    server = Server()
    server.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.controller.port
    settings.EMAIL_USE_TLS = False
    yield server
    server.controller.stop()


def _personal_parts(data: bytes) -> emails.Personal:
    parsed = email.message_from_bytes(data, policy=policy.compat32)
    unsubscribe = re.search(r"/alerts/u/([^/]+)/", parsed["List-Unsubscribe"]).group(1)  # type: ignore[union-attr]
    manage = re.search(rb"/alerts/m/\d+/([^/]+)/", data).group(1).decode()  # type: ignore[union-attr]
    return emails.Personal(parsed["To"], parsed["Message-ID"].strip("<>"), manage, unsubscribe, parsed["Date"])


def test_each_copy_over_smtp_is_the_builders_message_for_that_person(smtp_server, ward, officer) -> None:
    people = [SubscriberFactory(wards=[ward]) for _ in range(3)]
    people.append(SubscriberFactory(wards=[ward], email="zoë@example.test"))  # built for itself, as before
    body = "Did you see anything?\n\nCall us."
    message = services.save_message(by=officer, subject="Appeal", body=body, wards=[ward])
    services.send_message(message, by=officer)
    assert set(Delivery.objects.filter(message=message).values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert len(smtp_server.received) == 4
    message.refresh_from_db()
    for rcpt, data in smtp_server.received:
        who = _personal_parts(data)
        row = Delivery.objects.get(message=message, idempotency_key=who.key)
        assert row.subscriber in people
        assert len(rcpt) == 1
        boundary = email.message_from_bytes(data, policy=policy.compat32).get_boundary()
        assert data == bytes(emails.build_email(message, who, boundary).message().as_bytes(linesep="\r\n"))
        assert services.subscriber_from_manage_token(who.manage) == row.subscriber
    assert {rcpt[0] for rcpt, _ in smtp_server.received} >= {p.email for p in people[:3]}
