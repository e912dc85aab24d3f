from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.services import create_api_token
from activities.models import Activity
from activities.tests.factories import record
from organisations.models import Role

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, raw = create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _payload(ward, ward_team, **extra):  # type: ignore[no-untyped-def]
    starts = timezone.now() + timedelta(days=5)
    return {
        "title": "API briefing",
        "purpose": "Testing",
        "method": "street_briefing",
        "organising_unit": ward_team.slug,
        "wards": [ward.code],
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        **extra,
    }


def test_api_creates_activity(officer, ward, ward_team):
    response = _client(officer).post("/api/v1/activities/", _payload(ward, ward_team), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["wards"] == [ward.code]


def test_api_rejects_unknown_ward_with_reason(officer, ward, ward_team):
    response = _client(officer).post(
        "/api/v1/activities/",
        _payload(ward, ward_team, wards=["E05999999"]),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Unknown ward code: E05999999" in response.json()["detail"]
    assert not Activity.objects.exists()


def test_api_rejects_end_before_start(officer, ward, ward_team):
    p = _payload(ward, ward_team)
    p["ends_at"], p["starts_at"] = p["starts_at"], p["ends_at"]
    response = _client(officer).post("/api/v1/activities/", p, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "ends_at"


def test_api_rejects_place_outside_scope(officer, other_ward, ward_team, ward):
    response = _client(officer).post(
        "/api/v1/activities/", _payload(ward, ward_team, wards=[other_ward.code]), content_type="application/json"
    )
    assert response.status_code == 400
    assert "Brixton Windrush" in response.json()["detail"]


def test_api_clashes_for_proposal(officer, ward):
    other = record(wards=[ward], starts_at=timezone.now() + timedelta(days=5))
    starts = timezone.now() + timedelta(days=5, hours=3)
    response = _client(officer).post(
        "/api/v1/activities/clashes",
        {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat(), "wards": [ward.code]},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200
    assert body["clashes"][0]["activity"] == other.pk
    assert body["fatigue"][0]["label"] == "Catford South"


def test_api_fatigue_for_ward(officer, ward):
    record(wards=[ward], starts_at=timezone.now() - timedelta(days=1))
    response = _client(officer).get(f"/api/v1/activities/fatigue?ward={ward.code}")
    assert response.json()["results"][0]["count_4w"] == 1


def test_api_borough_fatigue_follows_the_fatigue_pages_rule(officer, make_staff, lewisham, lambeth):
    """A whole borough's table is the fatigue page's: coordinators and the oversight body, within their area."""
    assert _client(officer).get(f"/api/v1/activities/fatigue?borough={lewisham.code}").status_code == 403
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    assert _client(champion).get(f"/api/v1/activities/fatigue?borough={lewisham.code}").status_code == 200
    assert _client(champion).get(f"/api/v1/activities/fatigue?borough={lambeth.code}").status_code == 403


def test_api_list_filters_and_scope(officer, ward, other_ward):
    record(wards=[ward], title="Mine")
    record(wards=[other_ward], title="Elsewhere")
    response = _client(officer).get("/api/v1/activities/?method=public_meeting")
    assert [a["title"] for a in response.json()["results"]] == ["Mine"]


def test_api_update_and_status(officer, ward, ward_team):
    activity = record(wards=[ward], organising_unit=ward_team)
    c = _client(officer)
    response = c.patch(f"/api/v1/activities/{activity.pk}", {"venue": "Library"}, content_type="application/json")
    assert response.json()["venue"] == "Library"
    response = c.post(
        f"/api/v1/activities/{activity.pk}/status",
        {"status": "cancelled", "cancelled_reason": "Rain"},
        content_type="application/json",
    )
    assert response.json()["status"] == "cancelled"


def test_api_anonymous_cannot_list(client):
    assert client.get("/api/v1/activities/").status_code == 403


def test_api_public_upcoming_needs_no_token(client, ward):
    record(wards=[ward], title="Open surgery")
    response = client.get(f"/api/v1/activities/public?ward={ward.code}")
    assert [a["title"] for a in response.json()["results"]] == ["Open surgery"]


def test_partner_cannot_create(make_staff, ward, ward_team, lewisham):
    partner = make_staff(Role.PARTNER, boroughs=(lewisham,))
    response = _client(partner).post("/api/v1/activities/", _payload(ward, ward_team), content_type="application/json")
    assert response.status_code == 403


def test_openapi_documents_register_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/activities/clashes" in paths
    assert "/api/v1/activities/fatigue" in paths
    assert "post" in paths["/api/v1/activities/"]
