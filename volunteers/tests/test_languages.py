"""A volunteer's own pages in the public site's languages, and the emails to volunteers in the language their
account chose (English when they have none). Emails checked over real SMTP."""

from datetime import timedelta
from email.header import decode_header, make_header
from typing import Any

import pytest

from core.errors import ServiceError
from volunteers import queries, services
from volunteers.models import Volunteer
from volunteers.services import opportunities as changes
from volunteers.services.importer import import_volunteers

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


def test_a_volunteer_whose_account_has_no_language_gets_the_one_their_coordinator_chose(
    client: Any, post: Any, hub: Any, make_volunteer: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Coordinators add volunteers, and an account made for one has no language until they choose one: the
    language of their emails is chosen on their record, through the coordinator's form, and a cancellation reaches
    them in it."""
    volunteer = make_volunteer()
    assert volunteer.user.language == ""
    client.force_login(hub)
    form = client.get(f"/volunteers/{volunteer.pk}/edit/").content.decode()
    assert 'name="email_language"' in form and "Polish (Polski)" in form and "Urdu" not in form  # live languages only
    values = {
        "name": volunteer.name,
        "email": volunteer.email,
        "kind": volunteer.kind,
        "home_borough": volunteer.home_borough_id,
        "status": "active",
        "vetting_level": "2",
        "vetting_expires_on_day": volunteer.vetting_expires_on.day,
        "vetting_expires_on_month": volunteer.vetting_expires_on.month,
        "vetting_expires_on_year": volunteer.vetting_expires_on.year,
        "available_weekdays": "on",
        "available_weekends": "on",
        "available_evenings": "on",
    }
    refused = client.post(f"/volunteers/{volunteer.pk}/edit/", {**values, "email_language": "ur"})
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.email_language == ""
    response = client.post(f"/volunteers/{volunteer.pk}/edit/", {**values, "email_language": "pl"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.email_language == "pl"
    page = client.get(f"/volunteers/{volunteer.pk}/").content.decode()
    assert "Language of their emails" in page and "Polish" in page
    opportunity = post()
    _accept(hub, opportunity, volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        changes.cancel_opportunity(by=hub, opportunity=opportunity, reason="Station closed for repairs")
    (message,) = smtp_server.messages
    assert _subject(message) == "Odwołane: Leaflet drop"


def test_an_accounts_own_choice_wins_over_the_coordinators(hub: Any, make_volunteer: Any) -> None:
    volunteer = make_volunteer(email_language="pl")
    assert queries.email_language(volunteer) == "pl"
    volunteer.user.language = "ar"
    volunteer.user.save(update_fields=["language"])
    assert queries.email_language(volunteer) == "ar"
    assert queries.email_language_in_words(volunteer) == "Arabic, chosen in their account"


def test_the_service_refuses_a_language_the_site_does_not_offer(hub: Any, make_volunteer: Any) -> None:
    volunteer = make_volunteer(account=False)
    with pytest.raises(ServiceError) as refused:
        services.save_volunteer(by=hub, volunteer=volunteer, data={"email_language": "xx"})
    assert refused.value.field == "email_language"
    volunteer.refresh_from_db()
    assert volunteer.email_language == ""


def test_the_import_takes_a_language_by_name_or_code(lewisham_coordinator: Any) -> None:
    raw = (
        "name,kind,home_borough,email_language\n"
        "Ivy Example,community,Lewisham,Polish\n"
        "Jon Example,community,Lewisham,ar\n"
        "Kit Example,community,Lewisham,Klingon\n"
        "Lou Example,community,Lewisham,\n"
    )
    report = import_volunteers(by=lewisham_coordinator, raw=raw.encode())
    assert [r.ok for r in report] == [True, True, False, True]
    assert "email_language" in report[2].message
    languages = dict(Volunteer.objects.values_list("name", "email_language"))
    assert languages == {"Ivy Example": "pl", "Jon Example": "ar", "Lou Example": ""}
