"""A consultation invitation in the language staff chose for it: its words, the consultation's title where
translated, the date and the answer link in that language; its reminder follows. Checked over real SMTP."""

from email.header import decode_header, make_header
from typing import Any

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Invitation
from consultations.tests.factories import build_survey
from languages import content
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings: Any) -> None:
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def lead(make_staff: Any, lewisham: Any) -> Any:
    unit = UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham)
    return make_staff(Role.BOROUGH_CHAMPION, unit=unit, boroughs=[lewisham])


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _text(message: Any) -> str:
    return message.get_payload(decode=True).decode().replace("\r\n", "\n")


def test_an_invitation_in_polish_is_written_in_polish_with_a_polish_link(
    lewisham: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    consultation, _questions = build_survey(boroughs=[lewisham])
    consultation.translations = content.with_translation(
        consultation, "pl", {"title": "Bezpieczne ulice"}, {"title": consultation.title}, reviewed=False
    )
    consultation.save(update_fields=["translations"])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            consultation=consultation,
            by=None,
            body_kind=Invitation.BodyKind.LIST,
            recipients=[{"email": "ann@example.test", "name": "Ann"}],
            language="pl",
        )
    (message,) = smtp_server.messages
    assert _subject(message) == "Wyraź swoje zdanie: Bezpieczne ulice"
    text = _text(message)
    assert text.startswith("Dzień dobry Ann,")
    assert "Chcemy poznać Twoje zdanie." in text
    assert f"/pl/consultations/{consultation.slug}/" in text
    assert "We would like to hear from you" not in text
    assert consultation.invitations.get().language == "pl"
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(consultation=consultation, by=None)
    (reminder,) = smtp_server.messages
    assert _subject(reminder) == "Przypomnienie: Wyraź swoje zdanie: Bezpieczne ulice"


def test_an_invitation_is_english_unless_staff_choose(
    lewisham: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    consultation, _questions = build_survey(boroughs=[lewisham])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            consultation=consultation, by=None, body_kind="list", recipients=[{"email": "bob@example.test"}]
        )
    (message,) = smtp_server.messages
    assert _subject(message) == f"Have your say: {consultation.title}"
    assert "We would like to hear from you." in _text(message)
    assert f"/consultations/{consultation.slug}/" in _text(message) and "/pl/" not in _text(message)


def test_staff_choose_the_language_on_the_invite_form(client: Any, lead: Any, lewisham: Any) -> None:
    from notifications.models import OutboundEmail

    consultation, _questions = build_survey(boroughs=[lewisham])
    client.force_login(lead)
    url = reverse("consultations:invitations", args=[consultation.pk])
    html = client.get(url).content.decode()
    assert "Language of the email" in html and "Arabic (العربية)" in html and "Romanian" not in html
    response = client.post(
        url,
        {"action": "list", "list-body_kind": "list", "list-pasted": "sara@example.test", "list-language": "ar"},
    )
    assert response.status_code == 302
    assert consultation.invitations.get().language == "ar"
    assert "نريد أن نسمع رأيك." in OutboundEmail.objects.get(to="sara@example.test").text
    refused = client.post(
        url, {"action": "list", "list-body_kind": "list", "list-pasted": "x@example.test", "list-language": "xx"}
    )
    assert refused.status_code == 400
