"""A volunteer's own pages in the public site's languages, and the emails to volunteers in the language their
account chose (English when they have none). Emails checked over real SMTP."""

from datetime import timedelta
from email.header import decode_header, make_header
from typing import Any

import pytest

from volunteers import services
from volunteers.services import opportunities as changes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings: Any) -> None:
    settings.LIVE_LANGUAGES = ["pl", "ar"]


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _text(message: Any) -> str:
    return message.get_payload(decode=True).decode().replace("\r\n", "\n")


def _accept(hub: Any, opportunity: Any, volunteer: Any) -> None:
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=invitation, accept=True)


def test_a_cancellation_reaches_each_volunteer_in_their_accounts_language(
    post: Any, hub: Any, make_volunteer: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    opportunity = post()
    polish, english = make_volunteer(), make_volunteer()
    polish.user.language = "pl"
    polish.user.save(update_fields=["language"])
    _accept(hub, opportunity, polish)
    _accept(hub, opportunity, english)
    with django_capture_on_commit_callbacks(execute=True):
        changes.cancel_opportunity(by=hub, opportunity=opportunity, reason="Station closed for repairs")
    sent = {m["X-Rcpt-To"]: m for m in smtp_server.messages}
    assert _subject(sent[polish.email]) == "Odwołane: Leaflet drop"
    text = _text(sent[polish.email])
    assert text.startswith(f"Dzień dobry {polish.name},")
    assert "Dlaczego: Station closed for repairs" in text and "has been cancelled" not in text
    assert _subject(sent[english.email]) == "Cancelled: Leaflet drop"
    assert "has been cancelled" in _text(sent[english.email])


def test_a_new_time_reaches_an_arabic_volunteer_in_arabic(
    post: Any, hub: Any, make_volunteer: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    opportunity = post()
    volunteer = make_volunteer()
    volunteer.user.language = "ar"
    volunteer.user.save(update_fields=["language"])
    _accept(hub, opportunity, volunteer)
    values = {name: getattr(opportunity, name) for name in services.OPPORTUNITY_FIELDS}
    later = {
        "starts_at": opportunity.starts_at + timedelta(hours=1),
        "ends_at": opportunity.ends_at + timedelta(hours=1),
    }
    with django_capture_on_commit_callbacks(execute=True):
        changes.change_opportunity(
            by=hub, opportunity=opportunity, data={**values, **later}, boroughs=list(opportunity.boroughs.all())
        )
    (message,) = smtp_server.messages
    assert _subject(message) == "موعد جديد: Leaflet drop"
    assert "إذا لم تعد تستطيع الحضور" in _text(message)


def test_a_volunteers_own_page_is_polish_at_the_polish_address(client: Any, make_volunteer: Any) -> None:
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    html = client.get("/pl/volunteers/me/").content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    assert "Twój wolontariat" in html and "Your volunteering" not in html
    assert "wolontariusz wsparcia policji" in html  # the kind of volunteer, in the page's language
    assert "Zapisz godziny" in html and 'action="/pl/volunteers/me/hours/"' in html


def test_a_volunteers_own_page_is_arabic_and_right_to_left(client: Any, make_volunteer: Any) -> None:
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    html = client.get("/ar/volunteers/me/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "تطوعك" in html and "Your volunteering" not in html


def test_logging_hours_from_the_polish_page_answers_in_polish(client: Any, make_volunteer: Any) -> None:
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    response = client.post("/pl/volunteers/me/hours/", {"hours": "x"})
    assert response.status_code == 400
    assert "Zapisz swoje godziny" in response.content.decode()


def test_the_coordinators_pages_stay_english_and_unprefixed(client: Any) -> None:
    assert client.get("/pl/volunteers/")["Location"] == "/volunteers/"
    assert client.get("/pl/volunteers/vetting/")["Location"] == "/volunteers/vetting/"
