import re

import pytest
from django.test import Client
from django.urls import reverse

from alerts import services
from alerts.models import Channel, Delivery, Message, Question, Rating, Reply, RoutingRule, Subscriber, Topic
from alerts.tests.factories import MessageFactory, SubscriberFactory
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def subscribe_data(**kw):
    data = {"postcode": "BR1 5FD", "interests": ["crime", "meetings"], "wants_email": "on",
            "email": "resident@example.test", "language": "en", "consent": "on"}  # fmt: skip
    data.update(kw)
    return data


def test_subscribe_page_renders(client, london):
    r = client.get("/alerts/subscribe/")
    assert r.status_code == 200
    assert b"Get police alerts for your area" in r.content


def test_subscribe_form_sends_confirmation_and_shows_check_page(client, ward, mailoutbox):
    r = client.post("/alerts/subscribe/", subscribe_data(), follow=True)
    assert r.status_code == 200
    assert b"Check your email" in r.content
    s = Subscriber.objects.get(email="resident@example.test")
    assert s.status == Subscriber.Status.PENDING


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "nope"}, b"Enter a valid email address"),
        ({"postcode": "M1 1AE"}, b"is not in London"),
        ({"wants_sms": "on", "phone": "12345"}, b"Enter a UK mobile number"),
        ({"interests": []}, "Answer the question ‘What do you want to hear about?’".encode()),
        ({"consent": ""}, "Tick ‘I agree to receive these alerts’ to go on".encode()),
    ],
)
def test_bad_input_is_shown_on_the_form(client, london, data, message):
    r = client.post("/alerts/subscribe/", subscribe_data(**data))
    assert r.status_code == 400
    assert message in r.content
    assert b'value="resident@example.test"' in r.content or data.get("email") == "nope"
    assert not Subscriber.objects.exists()


def test_confirm_link_needs_a_post(client, ward):
    s = services.subscribe(email="a@example.test", wards=[ward], interests=["crime"])
    token = services.confirm_url(s).rstrip("/").split("/")[-1]
    assert client.get(f"/alerts/confirm/{token}/").status_code == 200
    s.refresh_from_db()
    assert s.status == Subscriber.Status.PENDING
    r = client.post(f"/alerts/confirm/{token}/")
    assert b"Subscription confirmed" in r.content
    s.refresh_from_db()
    assert s.status == Subscriber.Status.ACTIVE


def test_manage_page_changes_choices(client, ward, other_ward):
    s = SubscriberFactory(wards=[ward])
    token = services.manage_token(s)
    r = client.post(
        f"/alerts/manage/{token}/",
        {"wards": [other_ward.pk], "interests": ["road_safety"], "wants_email": "on", "language": "pl"},
    )
    assert r.status_code == 302
    s.refresh_from_db()
    assert list(s.wards.all()) == [other_ward]
    assert s.interest_list == ["road_safety"] and s.language == "pl"


def test_manage_page_with_bad_token_is_404(client, london):
    assert client.get("/alerts/manage/forged:token/").status_code == 404


def test_leave_from_manage_page(client, ward):
    s = SubscriberFactory(wards=[ward])
    r = client.post(f"/alerts/manage/{services.manage_token(s)}/leave/")
    assert b"You have unsubscribed" in r.content
    s.refresh_from_db()
    assert s.status == Subscriber.Status.LEFT


def test_delete_my_data(client, ward):
    s = SubscriberFactory(wards=[ward])
    client.post(f"/alerts/manage/{services.manage_token(s)}/delete/")
    assert not Subscriber.objects.filter(pk=s.pk).exists()


def test_delete_my_data_leaves_no_address_in_emails_texts_or_the_audit_log(client, ward, settings, tmp_path):
    from core.models import AuditEntry
    from notifications.models import OutboundEmail

    settings.ALERTS_SMS_FILE = str(tmp_path / "sms.jsonl")
    client.post("/alerts/subscribe/", subscribe_data(email="mo.farrow@example.test", name="Mo Farrow"))
    s = Subscriber.objects.get(email="mo.farrow@example.test")
    services.update_preferences(
        s, wards=[ward], boroughs=[], london=False, interests=["crime"], wants_email=True, wants_sms=False,
        language="en", quiet_start=None, quiet_end=None,
    )  # fmt: skip
    assert OutboundEmail.objects.filter(to="mo.farrow@example.test").exists()
    assert AuditEntry.objects.filter(object_repr="mo.farrow@example.test").exists()

    client.post(f"/alerts/manage/{services.manage_token(s)}/delete/")

    assert not OutboundEmail.objects.filter(to="mo.farrow@example.test").exists()
    for entry in AuditEntry.objects.all():
        assert "mo.farrow" not in f"{entry.actor_label} {entry.object_repr} {entry.note} {entry.changes}"
    reference = AuditEntry.objects.get(action="alerts.subscriber_erased").changes["reference"]
    assert AuditEntry.objects.filter(action="alerts.subscribed", object_repr=reference).exists()


def test_one_click_unsubscribe_needs_no_csrf_token(ward):
    s = SubscriberFactory(wards=[ward])
    client = Client(enforce_csrf_checks=True)
    r = client.post(f"/alerts/u/{services.unsubscribe_token(s, Channel.EMAIL)}/", {"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200
    s.refresh_from_db()
    assert s.status == Subscriber.Status.LEFT


def test_inbound_stop_webhook(client, ward, settings):
    settings.ALERTS_WEBHOOK_SECRET = "hook"
    s = SubscriberFactory(wards=[ward], wants_email=False, phone="+447700900555", wants_sms=True,
                          phone_confirmed_at=Subscriber.objects.none().first() or s_now())  # fmt: skip
    assert client.post("/alerts/hooks/sms/", {"from": "+447700900555", "text": "STOP"}).status_code == 403
    r = client.post("/alerts/hooks/sms/", {"from": "+447700900555", "text": "STOP"}, HTTP_X_WEBHOOK_SECRET="hook")
    assert r.json() == {"outcome": "stopped"}
    s.refresh_from_db()
    assert s.status == Subscriber.Status.LEFT


def s_now():
    from django.utils import timezone

    return timezone.now()


def test_bounce_webhook_suppresses(client, ward, settings):
    settings.ALERTS_WEBHOOK_SECRET = "hook"
    s = SubscriberFactory(wards=[ward])
    r = client.post(
        "/alerts/hooks/email-events/", [{"event": "bounce", "address": s.email}],
        content_type="application/json", HTTP_X_WEBHOOK_SECRET="hook",
    )  # fmt: skip
    assert r.json() == {"results": ["suppressed"]}
    s.refresh_from_db()
    assert s.status == Subscriber.Status.LEFT


@pytest.mark.parametrize("body", [[1], ["bounce"], [None], [{"event": "bounce", "address": []}]])
def test_a_malformed_provider_event_is_a_400_and_changes_nothing(client, ward, settings, body):
    settings.ALERTS_WEBHOOK_SECRET = "hook"
    s = SubscriberFactory(wards=[ward])
    r = client.post(
        "/alerts/hooks/email-events/", [{"event": "bounce", "address": s.email}, *body],
        content_type="application/json", HTTP_X_WEBHOOK_SECRET="hook",
    )  # fmt: skip
    assert r.status_code == 400
    s.refresh_from_db()
    assert s.status == Subscriber.Status.ACTIVE


def test_staff_write_preview_and_send(client, officer, ward, mailoutbox, django_capture_on_commit_callbacks):
    SubscriberFactory(wards=[ward])
    SubscriberFactory(wards=[ward])
    client.force_login(officer)
    r = client.post(
        "/alerts/messages/new/",
        {"kind": "alert", "subject": "Car crime", "body": "Lock your car.", "priority": "routine", "wards": [ward.pk]},
    )
    assert r.status_code == 302
    message = Message.objects.get()
    r = client.get(r["Location"])
    assert b"Reaches 2 people" in r.content
    assert b'<div class="govuk-inset-text"><p>Lock your car.</p></div>' in r.content
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/alerts/messages/{message.pk}/", {"send_at": ""})
    assert r.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len([m for m in mailoutbox if m.subject == "Car crime"]) == 2
    r = client.get(f"/alerts/messages/{message.pk}/")
    assert b"Deliveries of this message" in r.content


def test_sending_to_nobody_shows_an_error(client, officer, ward):
    client.force_login(officer)
    message = MessageFactory(wards=[ward], team=None, created_by=officer)
    r = client.post(f"/alerts/messages/{message.pk}/", {"send_at": ""})
    assert r.status_code == 400
    assert b"Nobody would get this message" in r.content


def test_a_past_send_time_is_refused_on_the_page(client, officer, ward):
    SubscriberFactory(wards=[ward])
    client.force_login(officer)
    message = MessageFactory(wards=[ward], team=None, created_by=officer)
    r = client.post(f"/alerts/messages/{message.pk}/", {"send_at": "2020-01-01 09:00"})
    assert r.status_code == 400
    assert 'id="id_send_at-error"' in r.content.decode() and "is in the past" in r.content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT


def test_message_outside_scope_is_404(client, officer, other_ward):
    client.force_login(officer)
    message = MessageFactory(wards=[other_ward])
    assert client.get(f"/alerts/messages/{message.pk}/").status_code == 404


def test_public_cannot_reach_staff_pages(client, london):
    r = client.get("/alerts/messages/")
    assert r.status_code == 302 and "login" in r["Location"]


def test_reply_and_rating_reach_the_team_inbox(client, officer, ward, ward_team):
    s = SubscriberFactory(wards=[ward])
    message = MessageFactory(wards=[ward], team=ward_team, status=Message.Status.SENT)
    Delivery.objects.create(message=message, subscriber=s, channel="email", address=s.email, idempotency_key="x@y")
    url = f"/alerts/m/{message.pk}/{services.manage_token(s)}/"
    client.post(url, {"action": "useful"})
    client.post(url, {"action": "reply", "text": "I saw <b>them</b>"})
    assert Rating.objects.get().useful is True
    assert Reply.objects.get().text == "I saw <b>them</b>"
    client.force_login(officer)
    r = client.get("/alerts/inbox/")
    assert b"I saw &lt;b&gt;them&lt;/b&gt;" in r.content


def test_contact_form_routes_to_the_wards_team_and_answer_is_emailed(
    client, officer, ward, ward_team, mailoutbox, django_capture_on_commit_callbacks
):
    r = client.post(
        "/alerts/contact/",
        {"topic": "local", "postcode": "BR1 5FD", "text": "Speeding on our road", "email": "q@example.test"},
    )
    assert r.status_code == 200
    q = Question.objects.get()
    assert q.unit == ward_team
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/alerts/questions/{q.pk}/", {"answer": "We will run speed checks."})
    assert r.status_code == 302
    assert any("speed checks" in m.body and m.to == ["q@example.test"] for m in mailoutbox)


def test_contact_topic_routes_to_business_group(client, london):
    ct = UnitFactory(name="Counter Terrorism (demo)", kind=Unit.Kind.BUSINESS_GROUP)
    RoutingRule.objects.create(topic=Topic.COUNTER_TERRORISM, unit=ct)
    client.post(
        "/alerts/contact/",
        {"topic": "counter_terrorism", "postcode": "BR1 5FD", "text": "A worry", "email": "q@example.test"},
    )
    assert Question.objects.get().unit == ct


def test_area_report_and_csv(client, make_staff, ward, lewisham):
    SubscriberFactory(wards=[ward])
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=[lewisham])
    client.force_login(champion)
    r = client.get("/alerts/reports/subscribers/", {"borough": lewisham.pk, "months": "3"})
    assert r.status_code == 200
    assert b"<svg" in r.content and b"<title" in r.content
    r = client.get("/alerts/reports/subscribers/", {"borough": lewisham.pk, "months": "3", "format": "csv"})
    assert r["Content-Type"].startswith("text/csv")
    assert re.search(rb"\n\w{3} \d{4},1,1,0", r.content)


def test_ward_page_offers_alerts(client, ward):
    r = client.get(ward.get_absolute_url())
    assert f"Get alerts for {ward.name}".encode() in r.content
    assert reverse("alerts:subscribe").encode() in r.content


def test_public_menu_and_workspace_card(client, officer, ward_team):
    r = client.get("/alerts/contact/")
    assert b'href="/alerts/subscribe/"' in r.content
    client.force_login(officer)
    r = client.get("/staff/")
    assert b"to answer" in r.content


def test_translation_needs_subject_and_body(client, officer, ward):
    client.force_login(officer)
    r = client.post(
        "/alerts/messages/new/",
        {"kind": "alert", "subject": "S", "body": "B", "priority": "routine", "wards": [ward.pk],
         "translation_language": "pl", "translation_subject": "Temat"},
    )  # fmt: skip
    assert r.status_code == 400
    assert b"in the other language" in r.content


def test_ward_newsletter_template_prefills_the_form(client, officer, ward):
    client.force_login(officer)
    r = client.get("/alerts/messages/new/", {"template": "ward_newsletter", "ward": ward.pk})
    assert r.status_code == 200
    assert f"{ward.name} neighbourhood newsletter".encode() in r.content


def test_the_area_picker_is_boroughs_then_wards_as_checkboxes(client, ward, lewisham):
    html = client.get("/alerts/subscribe/").content.decode()
    assert "<select multiple" not in html and "Ctrl" not in html
    assert html.count('<details class="govuk-details eh-area"') == 33
    lewisham_group = html.split('<span class="govuk-details__summary-text">Lewisham</span>')[1].split("</details>")[0]
    assert f'type="checkbox" name="boroughs" value="{lewisham.pk}"' in lewisham_group
    assert "The whole of Lewisham" in lewisham_group
    assert f'type="checkbox" name="wards" value="{ward.pk}"' in lewisham_group
    assert lewisham_group.count('name="wards"') == lewisham.wards.count()


def test_the_area_picker_opens_the_boroughs_already_chosen(client, ward, other_ward):
    s = SubscriberFactory(wards=[ward])
    html = client.get(f"/alerts/manage/{services.manage_token(s)}/").content.decode()
    assert '<details class="govuk-details eh-area" open>' in html
    assert html.count('<details class="govuk-details eh-area" open>') == 1
    assert f'name="wards" value="{ward.pk}" class="govuk-checkboxes__input" id="id_wards_' in html
