import datetime as dt
import json
import re

import pytest
from django.core import signing
from django.utils import timezone

from alerts import delivery, queries, sending, services, tasks
from alerts.models import Channel, Consent, Delivery, Interest, Message, Subscriber, Suppression
from alerts.tests.factories import MessageFactory, SubscriberFactory
from core.errors import ServiceError
from notifications.models import SmsOutbox

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """The test's transaction never commits: run after-commit work (enqueueing) straight away instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def sms_file(settings, tmp_path):
    path = tmp_path / "sms.jsonl"
    settings.ALERTS_SMS_FILE = str(path)
    return path


def sms_lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_subscribe_by_postcode_waits_for_email_confirmation(smtp_server, ward):
    s = services.subscribe(email="amy@example.test", postcode="BR1 5FD", interests=[Interest.CRIME])
    assert s.status == Subscriber.Status.PENDING
    assert list(s.wards.all()) == [ward]
    assert not queries.subscribers_for(wards=[ward]).exists()
    consent = Consent.objects.get(subscriber=s)
    assert consent.wording == services.CONSENT_WORDING[Channel.EMAIL]
    assert consent.given_at is not None
    mail = smtp_server.messages[-1]
    link = re.search(r"http\S+/alerts/confirm/\S+/", mail.get_payload())
    assert link is not None
    token = link.group(0).rstrip("/").split("/")[-1]
    services.confirm_email(token)
    s.refresh_from_db()
    assert s.status == Subscriber.Status.ACTIVE
    assert list(queries.subscribers_for(wards=[ward])) == [s]


def test_tampered_confirmation_link_is_refused(london):
    with pytest.raises(ServiceError, match="not valid"):
        services.confirm_email("abc:def")


def test_postcode_outside_london_is_refused(london):
    with pytest.raises(ServiceError, match="not in London"):
        services.subscribe(email="a@example.test", postcode="M1 1AE", interests=[Interest.CRIME])


@pytest.mark.parametrize("phone", ["12345", "+33612345678", "020 7946 0000"])
def test_phone_must_be_a_uk_mobile(ward, phone):
    with pytest.raises(ServiceError) as err:
        services.subscribe(wants_email=False, wants_sms=True, phone=phone, wards=[ward], interests=[Interest.CRIME])
    assert err.value.field == "phone"


def test_invalid_email_is_refused(ward):
    with pytest.raises(ServiceError) as err:
        services.subscribe(email="not-an-email", wards=[ward], interests=[Interest.CRIME])
    assert err.value.field == "email"


def test_sms_subscription_confirmed_by_six_digit_code(ward, sms_file):
    s = services.subscribe(
        wants_email=False, wants_sms=True, phone="07700 900123", wards=[ward], interests=[Interest.CRIME]
    )
    assert s.phone == "+447700900123"
    code = re.search(r"\b(\d{6})\b", sms_lines(sms_file)[-1]["text"]).group(1)
    with pytest.raises(ServiceError):
        services.confirm_sms(s, "000000" if code != "000000" else "111111")
    s.refresh_from_db()
    assert s.sms_code_attempts == 1
    services.confirm_sms(s, code)
    s.refresh_from_db()
    assert s.status == Subscriber.Status.ACTIVE and s.phone_confirmed_at


def test_send_sms_keeps_an_outbox_row(sms_file, london):
    row = services.send_sms(to="07700900456", text="Hello", reason="test")
    row.refresh_from_db()
    assert row.status == SmsOutbox.Status.SENT
    assert sms_lines(sms_file)[-1]["to"] == "+447700900456"


def test_stop_by_text_ends_sms_alerts(ward, sms_file):
    s = SubscriberFactory(
        wards=[ward], phone="+447700900789", wants_sms=True, phone_confirmed_at=s_now(), wants_email=False
    )
    assert services.receive_sms(sender="07700 900789", text="stop") == "stopped"
    s.refresh_from_db()
    assert s.status == Subscriber.Status.LEFT
    assert Suppression.objects.filter(channel=Channel.SMS, address="+447700900789").exists()


def s_now():
    from django.utils import timezone

    return timezone.now()


def test_message_reaches_each_subscriber_once_over_smtp(smtp_server, ward, officer):
    subs = [SubscriberFactory(wards=[ward]) for _ in range(3)]
    message = services.save_message(by=officer, subject="Burglary appeal", body="Did you see anything?", wards=[ward])
    services.send_message(message, by=officer)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.reach == 3
    got = sorted(m["X-Rcpt-To"] for m in smtp_server.messages)
    assert got == sorted(s.email for s in subs)
    first = smtp_server.messages[0]
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert first["List-Unsubscribe"].strip().startswith("<http")
    assert first["Message-ID"].startswith("<alert-")
    # A retried batch claims nothing and sends nothing.
    d = Delivery.objects.filter(message=message)
    assert sending.send_batch(message.pk, Channel.EMAIL, d.first().pk, d.last().pk)["claimed"] == 0
    assert len(smtp_server.messages) == 3


def test_message_with_no_audience_is_refused(ward, officer):
    message = services.save_message(by=officer, subject="Hi", body="Body")
    with pytest.raises(ServiceError, match="Choose who"):
        services.send_message(message, by=officer)


def test_message_with_zero_reach_is_refused(ward, officer):
    message = services.save_message(by=officer, subject="Hi", body="Body", wards=[ward])
    with pytest.raises(ServiceError, match="Nobody would get"):
        services.send_message(message, by=officer)


def test_a_message_for_an_unknown_interest_is_refused_not_sent_to_everyone(ward, officer):
    SubscriberFactory(wards=[ward])
    with pytest.raises(ServiceError, match="Unknown interest: parking") as caught:
        services.save_message(by=officer, subject="Hi", body="Body", wards=[ward], interests=["parking"])
    assert caught.value.field == "interests"
    assert not Message.objects.exists()


def test_a_send_time_in_the_past_is_refused(ward, officer, time_machine):
    import datetime as dt

    from django.utils import timezone

    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)), tick=False)
    SubscriberFactory(wards=[ward])
    message = services.save_message(by=officer, subject="Yesterday", body="b", wards=[ward])
    with pytest.raises(ServiceError, match="in the past") as caught:
        services.send_message(message, by=officer, at=timezone.make_aware(dt.datetime(2026, 3, 1, 9, 0)))
    assert caught.value.field == "send_at"
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT and not Delivery.objects.exists()


def test_officer_cannot_send_outside_their_ward(officer, other_ward):
    with pytest.raises(ServiceError, match="places your role covers"):
        services.save_message(by=officer, subject="Hi", body="Body", wards=[other_ward])


def test_stale_claim_without_attempt_is_requeued_and_sent_once(smtp_server, ward):
    s = SubscriberFactory(wards=[ward])
    message = MessageFactory(wards=[ward], status=Message.Status.SENDING)
    d = Delivery.objects.create(
        message=message, subscriber=s, channel=Channel.EMAIL, address=s.email, status=Delivery.Status.SENDING,
        claim_token="dead", claimed_at=s_now(), idempotency_key="k1@x",
    )  # fmt: skip
    assert delivery.recover_stale(older_than=0)["requeued"] == 1
    tasks.dispatch()
    d.refresh_from_db()
    assert d.status == Delivery.Status.SENT
    assert len(smtp_server.messages) == 1


def test_stale_claim_after_attempt_becomes_unknown_and_is_not_resent(smtp_server, ward):
    s = SubscriberFactory(wards=[ward])
    message = MessageFactory(wards=[ward], status=Message.Status.SENDING)
    d = Delivery.objects.create(
        message=message, subscriber=s, channel=Channel.EMAIL, address=s.email, status=Delivery.Status.SENDING,
        claim_token="dead", claimed_at=s_now(), attempt_at=s_now(), idempotency_key="k2@x",
    )  # fmt: skip
    assert delivery.recover_stale(older_than=0)["unknown"] == 1
    tasks.dispatch()
    d.refresh_from_db()
    assert d.status == Delivery.Status.UNKNOWN
    assert smtp_server.messages == []
    services.record_event(event="delivered", message_id="<k2@x>")
    d.refresh_from_db()
    assert d.status == Delivery.Status.DELIVERED


def test_permanent_smtp_refusal_bounces_and_suppresses(smtp_server, ward, officer, monkeypatch):
    import smtplib

    good = SubscriberFactory(wards=[ward])
    bad = SubscriberFactory(wards=[ward], email="nobody@bounce.example.test")
    real = smtplib.SMTP.sendmail

    def sendmail(self, from_addr, to_addrs, msg, *a, **k):
        if "nobody@bounce.example.test" in to_addrs:
            raise smtplib.SMTPRecipientsRefused({"nobody@bounce.example.test": (550, b"no such user")})
        return real(self, from_addr, to_addrs, msg, *a, **k)

    monkeypatch.setattr(smtplib.SMTP, "sendmail", sendmail)
    message = services.save_message(by=officer, subject="Hi", body="Body", wards=[ward])
    services.send_message(message, by=officer)
    assert Delivery.objects.get(subscriber=bad).status == Delivery.Status.BOUNCED
    assert Delivery.objects.get(subscriber=good).status == Delivery.Status.SENT
    assert Suppression.objects.filter(address="nobody@bounce.example.test").exists()
    bad.refresh_from_db()
    assert bad.status == Subscriber.Status.LEFT


def test_complaint_event_suppresses_address(ward):
    s = SubscriberFactory(wards=[ward])
    services.record_event(event="complaint", address=s.email)
    s.refresh_from_db()
    assert s.status == Subscriber.Status.LEFT
    assert not queries.subscribers_for(wards=[ward]).exists()


def test_routine_message_waits_for_quiet_hours_but_urgent_does_not(smtp_server, ward, officer, time_machine):
    import datetime as dt

    from django.utils import timezone

    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 23, 0)), tick=False)
    SubscriberFactory(wards=[ward], quiet_start=dt.time(22, 0), quiet_end=dt.time(7, 0))
    routine = services.save_message(by=officer, subject="Routine", body="b", wards=[ward])
    services.send_message(routine, by=officer)
    assert smtp_server.messages == []
    urgent = services.save_message(by=officer, subject="Urgent", body="b", wards=[ward], priority="urgent")
    services.send_message(urgent, by=officer)
    assert [m["Subject"] for m in smtp_server.messages] == ["Urgent"]
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 3, 7, 1)), tick=False)
    tasks.dispatch()
    assert [m["Subject"] for m in smtp_server.messages] == ["Urgent", "Routine"]


def test_one_click_unsubscribe_token(ward):
    s = SubscriberFactory(wards=[ward])
    token = services.unsubscribe_token(s, Channel.EMAIL)
    services.unsubscribe_by_token(token)
    s.refresh_from_db()
    assert s.status == Subscriber.Status.LEFT
    assert services.unsubscribe_by_token(signing.dumps("x")) is None


def test_erasure_anonymises_delivery_history(smtp_server, ward, officer):
    s = SubscriberFactory(wards=[ward])
    message = services.save_message(by=officer, subject="Hi", body="Body", wards=[ward])
    services.send_message(message, by=officer)
    services.erase_subscriber(s)
    d = Delivery.objects.get(message=message)
    assert d.subscriber_id is None and d.address == ""
    assert not Subscriber.objects.filter(email=s.email).exists()


def test_a_second_confirmed_subscription_replaces_the_first(ward, other_ward):
    old = SubscriberFactory(wards=[ward], email="twice@example.test")
    new = services.subscribe(email="twice@example.test", wards=[other_ward], interests=[Interest.CRIME])
    services.confirm_email(services.confirm_url(new).rstrip("/").split("/")[-1])
    old.refresh_from_db()
    assert old.status == Subscriber.Status.LEFT
    assert list(queries.subscribers_for(london=True)) == [new]


def test_subscribers_get_the_translation_in_their_language(smtp_server, ward, officer):
    SubscriberFactory(wards=[ward], email="en@example.test")
    SubscriberFactory(wards=[ward], email="pl@example.test", language="pl")
    message = services.save_message(
        by=officer, subject="Road closed", body="The road is closed.", wards=[ward],
        translations={"pl": {"subject": "Droga zamknięta", "body": "Droga jest zamknięta."}},
    )  # fmt: skip
    services.send_message(message, by=officer)
    subjects = {m["X-Rcpt-To"]: str(m["Subject"]) for m in smtp_server.messages}
    assert subjects["en@example.test"] == "Road closed"
    assert "Droga" in subjects["pl@example.test"] or "=?utf-8?" in subjects["pl@example.test"]


def test_scheduled_message_is_sent_when_due(smtp_server, ward, officer, time_machine):
    import datetime as dt

    from django.utils import timezone

    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)), tick=False)
    SubscriberFactory(wards=[ward])
    message = services.save_message(by=officer, subject="Later", body="b", wards=[ward])
    services.send_message(message, by=officer, at=timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0)))
    message.refresh_from_db()
    assert message.status == Message.Status.SCHEDULED
    tasks.dispatch()
    assert smtp_server.messages == []
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 12, 1)), tick=False)
    tasks.dispatch()
    assert [m["Subject"] for m in smtp_server.messages] == ["Later"]


def test_a_number_that_texted_stop_gets_no_more_texts_but_the_code_it_asks_for(db):
    from core.errors import ServiceError
    from notifications.models import SmsOutbox

    services.receive_sms(sender="07700 900123", text="STOP")
    with pytest.raises(ServiceError, match="asked us not to"):
        services.send_sms(to="07700 900123", text="We did: cleared the alley", reason="feedback.published")
    services.send_sms(to="07700 900123", text="Your code is 123456", reason="alerts.sms_code", requested=True)
    assert list(SmsOutbox.objects.values_list("reason", flat=True)) == ["alerts.sms_code"]


def test_a_fan_out_still_writing_batches_is_not_started_again_beside_itself(ward):
    long_ago = timezone.now() - dt.timedelta(hours=1)
    busy = MessageFactory(wards=[ward], status=Message.Status.SENDING, started_at=long_ago)
    stalled = MessageFactory(wards=[ward], status=Message.Status.SENDING, started_at=long_ago)
    never_seen = MessageFactory(wards=[ward], status=Message.Status.SENDING, started_at=long_ago)
    Message.objects.filter(pk=busy.pk).update(fan_out_seen_at=timezone.now())
    Message.objects.filter(pk=stalled.pk).update(fan_out_seen_at=long_ago)
    started: list[int] = []
    delivery.dispatch_due(start_message=started.append, send_batch=lambda *a: None)
    assert sorted(started) == sorted([stalled.pk, never_seen.pk])


def test_fan_out_records_that_it_is_at_work(ward):
    SubscriberFactory(wards=[ward])
    message = MessageFactory(wards=[ward], status=Message.Status.SENDING, started_at=timezone.now())
    delivery.fan_out(message.pk, send_batch=lambda *a: None)
    message.refresh_from_db()
    assert message.fan_out_seen_at is not None and message.fanned_out_at is not None
