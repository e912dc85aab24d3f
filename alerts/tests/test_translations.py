"""An alert's translations on the shared mechanism (languages.content): every site language, a second reader's
check, outdated when the English changes (and then not sent), the composer's one language kept beside the
others, the public message page in the reader's language. Emails over real SMTP."""

from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from alerts import services
from alerts import translations as alert_translations
from alerts.models import Delivery, Message
from alerts.tests.factories import SubscriberFactory
from core.errors import ServiceError
from core.models import AuditEntry
from languages import content
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

POLISH = {"subject": "Droga zamknięta", "body": "Droga jest zamknięta."}


@pytest.fixture(autouse=True)
def _setup(monkeypatch, settings):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def draft(officer, ward):
    return services.save_message(
        by=officer, subject="Road closed", body="The road is closed.", wards=[ward], translations={"pl": POLISH}
    )


def _subjects(smtp_server) -> dict[str, str]:
    return {m["X-Rcpt-To"]: str(make_header(decode_header(m["Subject"]))) for m in smtp_server.messages}


def _translate(client, message, code, data):
    return client.post(reverse("languages:translate", args=["alert", message.pk, code]), data)


def test_an_alert_is_translated_on_the_shared_page_with_a_second_readers_check(client, officer, draft):
    client.force_login(officer)
    page = client.get(reverse("languages:record", args=["alert", draft.pk])).content.decode()
    assert "Road closed" in page and "Romanian" in page  # every site language, not only the composer's one
    response = _translate(client, draft, "ar", {"subject": "الطريق مغلق", "body": "الطريق مغلق.", "reviewed": "on"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="languages.translation.save", object_id=str(draft.pk)).exists()
    draft.refresh_from_db()
    assert content.is_reviewed(draft, "ar") and not content.is_reviewed(draft, "pl")
    detail = client.get(f"/alerts/messages/{draft.pk}/").content.decode()
    assert "Checked by a second reader" in detail and "Not checked" in detail
    assert '<div lang="ar" dir="rtl">' in detail


def test_the_composer_changes_its_language_and_keeps_the_others(client, officer, draft, ward):
    client.force_login(officer)
    _translate(client, draft, "ar", {"subject": "الطريق مغلق", "body": "الطريق مغلق.", "reviewed": "on"})
    draft.refresh_from_db()
    services.save_message(
        by=officer, message=draft, subject="Road closed", body="The road is closed.", wards=[ward],
        translations={"pl": {"subject": "Ulica zamknięta", "body": "Ulica jest zamknięta."}},
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.translations["pl"]["subject"] == "Ulica zamknięta"
    assert draft.translations["ar"]["subject"] == "الطريق مغلق" and content.is_reviewed(draft, "ar")
    services.save_message(
        by=officer, message=draft, subject="Road closed", body="The road is closed.", wards=[ward],
        translations={"pl": {"subject": "", "body": "", "sms_text": ""}},
    )  # fmt: skip
    draft.refresh_from_db()
    assert set(draft.translations) == {"ar"}


def test_an_outdated_translation_is_not_sent_and_resaving_it_unchanged_does_not_refresh_it(
    officer, ward, draft, smtp_server
):
    SubscriberFactory(wards=[ward], email="pl@example.test", language="pl")
    # The English changes; the composer sends the Polish back as it was: it stays made from the old English.
    services.save_message(
        by=officer, message=draft, subject="Road closed until Friday", body="The road is closed until Friday.",
        wards=[ward], translations={"pl": POLISH},
    )  # fmt: skip
    draft.refresh_from_db()
    assert [row["outdated"] for row in alert_translations.summary(draft)] == [True]
    services.send_message(draft, by=officer)
    assert _subjects(smtp_server)["pl@example.test"] == "Road closed until Friday"


def test_a_current_translation_is_sent(officer, ward, draft, smtp_server):
    SubscriberFactory(wards=[ward], email="pl@example.test", language="pl")
    SubscriberFactory(wards=[ward], email="en@example.test")
    services.send_message(draft, by=officer)
    assert _subjects(smtp_server) == {"pl@example.test": "Droga zamknięta", "en@example.test": "Road closed"}


def test_translations_are_bounded_and_named(officer, ward):
    with pytest.raises(ServiceError, match="longer than 150"):
        services.save_message(
            by=officer, subject="S", body="B", wards=[ward], translations={"pl": {"subject": "x" * 151, "body": "b"}}
        )
    with pytest.raises(ServiceError, match="has others"):
        services.save_message(
            by=officer, subject="S", body="B", wards=[ward], translations={"pl": {"subject": "s", "script": "b"}}
        )
    with pytest.raises(ServiceError, match="Unknown language"):
        services.save_message(by=officer, subject="S", body="B", wards=[ward], translations={"xx": POLISH})
    with pytest.raises(ServiceError, match="subject and the message"):
        services.save_message(by=officer, subject="S", body="B", wards=[ward], translations={"pl": {"subject": "s"}})
    assert not Message.objects.exists()


def test_a_sent_alert_and_another_teams_alert_cannot_be_translated(client, officer, draft, make_staff, other_ward):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert _translate(client, draft, "ro", {"subject": "x", "body": "y"}).status_code == 404
    client.force_login(officer)
    Message.objects.filter(pk=draft.pk).update(status=Message.Status.SENT)
    assert _translate(client, draft, "ro", {"subject": "x", "body": "y"}).status_code == 404
    draft.refresh_from_db()
    assert set(draft.translations) == {"pl"}


def test_the_public_message_page_is_in_the_readers_language(client, ward, draft):
    subscriber = SubscriberFactory(wards=[ward], language="pl")
    Message.objects.filter(pk=draft.pk).update(status=Message.Status.SENT)
    Delivery.objects.create(
        message=draft, subscriber=subscriber, channel="email", address=subscriber.email, idempotency_key="k@1"
    )
    url = f"/alerts/m/{draft.pk}/{services.manage_token(subscriber)}/"
    polish = client.get(f"/pl{url}").content.decode()
    assert "Droga jest zamknięta." in polish and "The road is closed." not in polish
    arabic = client.get(f"/ar{url}").content.decode()
    assert '<span lang="en" dir="ltr">The road is closed.</span>' in arabic
    assert "هذا النص متوفر باللغة الإنجليزية فقط." in arabic
    english = client.get(url).content.decode()
    assert "The road is closed." in english and "Droga" not in english
