import pytest

from alerts import services
from alerts.models import Message, Subscriber
from alerts.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/alerts"


def test_public_subscribe_then_manage_by_token(client, ward, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"{BASE}/subscriptions",
            {"email": "api@example.test", "wards": [ward.code], "interests": ["crime"], "consent": True},
            content_type="application/json",
        )
    assert r.status_code == 201, r.content
    token = r.json()["manage_token"]
    assert r.json()["status"] == "pending"
    assert any(m.to == ["api@example.test"] for m in mailoutbox)
    r = client.get(f"{BASE}/subscriptions/{token}")
    assert r.json()["wards"] == [ward.code] and r.json()["email_confirmed"] is False
    r = client.put(
        f"{BASE}/subscriptions/{token}",
        {"wards": [ward.code], "interests": ["road_safety", "meetings"], "wants_email": True},
        content_type="application/json",
    )
    assert sorted(r.json()["interests"]) == ["meetings", "road_safety"]
    assert client.delete(f"{BASE}/subscriptions/{token}").status_code == 204
    assert Subscriber.objects.get().status == Subscriber.Status.LEFT


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"email": "bad", "london": True, "interests": ["crime"], "consent": True}, 400, "email address"),
        ({"email": "a@example.test", "postcode": "M1 1AE", "interests": ["crime"], "consent": True}, 400, "London"),
        ({"email": "a@example.test", "london": True, "interests": ["crime"], "consent": False}, 400, "Consent"),
        ({"email": "a@example.test", "london": True, "interests": ["nope"], "consent": True}, 422, "interests"),
    ],
)
def test_bad_subscription_input(client, london, body, status, text):
    r = client.post(f"{BASE}/subscriptions", body, content_type="application/json")
    assert r.status_code == status
    assert text in r.json()["detail"]


def test_unknown_token_is_404(client, london):
    assert client.get(f"{BASE}/subscriptions/nope").status_code == 404


def test_staff_create_and_send_message(client, officer, ward, mailoutbox, django_capture_on_commit_callbacks):
    SubscriberFactory(wards=[ward])
    client.force_login(officer)
    r = client.post(
        f"{BASE}/messages", {"subject": "Road closure", "body": "The high street is closed.", "wards": [ward.code]},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["would_reach"]["people"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{BASE}/messages/{pk}/send", {}, content_type="application/json")
    assert r.status_code == 200, r.content
    r = client.get(f"{BASE}/messages/{pk}")
    assert r.json()["status"] == Message.Status.SENT
    assert r.json()["counts"]["sent"] == 1
    assert [m["id"] for m in client.get(f"{BASE}/messages").json()["results"]] == [pk]


def test_public_cannot_use_message_api(client, london):
    assert client.get(f"{BASE}/messages").status_code == 403


def test_send_with_zero_reach_is_an_error(client, officer, ward):
    client.force_login(officer)
    r = client.post(
        f"{BASE}/messages", {"subject": "x", "body": "y", "wards": [ward.code]}, content_type="application/json"
    )
    r = client.post(f"{BASE}/messages/{r.json()['id']}/send", {}, content_type="application/json")
    assert r.status_code == 400
    assert "Nobody would get" in r.json()["detail"]


def test_manage_token_round_trip(ward):
    s = SubscriberFactory(wards=[ward])
    assert services.subscriber_from_manage_token(services.manage_token(s)) == s
