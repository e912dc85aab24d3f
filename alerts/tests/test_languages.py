"""Emails and texts in the subscriber's language (issue 19), over real SMTP."""

import json
from email import message_from_bytes, policy
from email.header import decode_header, make_header

import pytest
from django.utils import translation
from django.utils.html import escape

from alerts import services
from alerts.models import Channel, Consent, Interest, Question
from alerts.tests.factories import SubscriberFactory
from alerts.tests.test_views import subscribe_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(monkeypatch, settings):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    settings.LIVE_LANGUAGES = ["pl", "ar"]


def _subject(raw) -> str:
    return str(make_header(decode_header(raw["Subject"])))


def _text(raw) -> str:
    parsed = message_from_bytes(raw.as_bytes(), policy=policy.default)
    part = parsed.get_body(preferencelist=("plain",)) if parsed.is_multipart() else parsed
    return part.get_content()


def test_the_confirmation_email_is_in_the_language_subscribed_in(smtp_server, ward):
    services.subscribe(email="ola@example.test", wards=[ward], interests=[Interest.CRIME], language="pl")
    mail = smtp_server.messages[-1]
    assert _subject(mail) == "Potwierdź subskrypcję powiadomień"
    body = _text(mail)
    assert "potwierdź swój adres e-mail" in body and "/pl/alerts/confirm/" in body


def test_english_and_untranslated_languages_get_english(smtp_server, ward):
    services.subscribe(email="amy@example.test", wards=[ward], interests=[Interest.CRIME])
    assert _subject(smtp_server.messages[-1]) == "Confirm your alerts subscription"
    assert "/alerts/confirm/" in _text(smtp_server.messages[-1]) and "/pl/" not in _text(smtp_server.messages[-1])
    services.subscribe(email="so@example.test", wards=[ward], interests=[Interest.CRIME], language="so")
    assert _subject(smtp_server.messages[-1]) == "Confirm your alerts subscription"


def test_the_consent_is_shown_and_recorded_in_the_words_of_the_page(client, london, smtp_server, ward):
    polish = {channel: services.consent_wording(channel, "pl") for channel in Channel.values}
    assert polish[Channel.EMAIL] != services.CONSENT_WORDING[Channel.EMAIL]
    html = client.get("/pl/alerts/subscribe/").content.decode()
    assert escape(polish[Channel.EMAIL]) in html and escape(polish[Channel.SMS]) in html
    assert "I agree that" not in html
    with translation.override("pl"):  # as the Polish page's request is
        services.subscribe(
            email="ola@example.test", phone="07700 900982", wants_sms=True, wards=[ward],
            interests=[Interest.CRIME], language="pl",
        )  # fmt: skip
    recorded = {c.channel: c.wording for c in Consent.objects.all()}
    assert recorded == polish
    # On the English page, someone who wants their alerts in Polish agreed to the English words.
    with translation.override("en-gb"):
        services.subscribe(email="amy@example.test", wards=[ward], interests=[Interest.CRIME], language="pl")
    assert Consent.objects.filter(wording=services.CONSENT_WORDING[Channel.EMAIL]).count() == 1


def test_the_text_message_code_is_in_arabic(ward, settings, tmp_path):
    settings.ALERTS_SMS_FILE = str(tmp_path / "sms.jsonl")
    services.subscribe(
        wants_email=False, wants_sms=True, phone="07700900123", wards=[ward], interests=[Interest.CRIME], language="ar"
    )
    text = json.loads((tmp_path / "sms.jsonl").read_text().splitlines()[-1])["text"]
    assert text.startswith("رمز تأكيد تنبيهاتك هو ")


def test_an_alert_and_its_links_in_polish_only_when_the_message_was_translated(smtp_server, ward, officer):
    SubscriberFactory(wards=[ward], email="pl@example.test", language="pl")
    translated = services.save_message(
        by=officer, subject="Road closed", body="The road is closed.", wards=[ward],
        translations={"pl": {"subject": "Droga zamknięta", "body": "Droga jest zamknięta."}},
    )  # fmt: skip
    services.send_message(translated, by=officer)
    body = _text(smtp_server.messages[-1])
    assert "Droga jest zamknięta." in body and "Zmień powiadomienia albo je zatrzymaj" in body
    assert "/pl/alerts/manage/" in body
    english_only = services.save_message(by=officer, subject="Meeting", body="Come along.", wards=[ward])
    services.send_message(english_only, by=officer)
    body = _text(smtp_server.messages[-1])
    assert "Come along." in body and "Change your alerts or stop them" in body and "/pl/" not in body


def test_the_interests_and_question_topics_are_offered_in_the_page_language(client, london):
    subscribe = client.get("/pl/alerts/subscribe/").content.decode()
    assert "Ostrzeżenia o przestępstwach i prośby o informacje" in subscribe
    assert "Crime alerts and appeals for information" not in subscribe
    question = client.get("/ar/alerts/contact/").content.decode()
    assert "شيء في منطقتي" in question and "Something in my area" not in question
    english = client.get("/alerts/subscribe/").content.decode()
    assert "Crime alerts and appeals for information" in english


def test_a_lost_settings_link_is_sent_in_the_subscribers_language(client, smtp_server, ward):
    SubscriberFactory(wards=[ward], email="ola@example.test", language="pl")
    SubscriberFactory(wards=[ward], email="amy@example.test", language="en")
    client.post("/alerts/manage/", {"email": "ola@example.test"})
    client.post("/alerts/manage/", {"email": "amy@example.test"})
    polish, english = smtp_server.messages
    assert "/pl/alerts/manage/" in _text(polish) and "Change your alerts" not in _text(polish)
    assert _subject(english) == "Your alerts settings link"
    assert _text(english).startswith("Change your alerts or stop them here:\n") and "/pl/" not in _text(english)


def test_a_question_asked_in_polish_is_acknowledged_and_answered_in_polish(
    client, smtp_server, officer, ward, ward_team
):
    client.post(
        "/pl/alerts/contact/",
        {"topic": "local", "postcode": "BR1 5FD", "text": "Speeding on our road", "email": "ola@example.test"},
    )
    question = Question.objects.get()
    assert question.language == "pl"
    received = smtp_server.messages[-1]
    assert "We have your question" not in _subject(received) and f"Q{question.pk}" in _text(received)
    assert "Thank you" not in _text(received) and ward_team.name in _text(received)
    services.answer_question(question, by=officer, answer="We will run speed checks.")
    answered = _text(smtp_server.messages[-1])
    assert "Speeding on our road" in answered and "We will run speed checks." in answered
    assert "You asked" not in answered and "Our answer" not in answered


def test_a_question_asked_in_english_is_acknowledged_in_english(client, smtp_server, ward, ward_team):
    client.post(
        "/alerts/contact/",
        {"topic": "local", "postcode": "BR1 5FD", "text": "Speeding on our road", "email": "amy@example.test"},
    )
    question = Question.objects.get()
    assert _subject(smtp_server.messages[-1]) == "We have your question"
    assert _text(smtp_server.messages[-1]) == (
        f"Thank you. Your question (reference Q{question.pk}) has gone to {ward_team.name}. "
        "We will reply to this address.\n"
    )


def test_subscribing_on_the_polish_page_records_the_polish_words(client, ward, settings):
    response = client.post("/pl/alerts/subscribe/", subscribe_data(language="en"))
    assert response.status_code == 302
    (consent,) = Consent.objects.all()
    assert consent.wording == services.consent_wording(Channel.EMAIL, "pl") != services.CONSENT_WORDING[Channel.EMAIL]
