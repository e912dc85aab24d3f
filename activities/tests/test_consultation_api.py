"""Prior consultation through the API: the same rules as the pages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.services import create_api_token
from activities.models import PriorConsultation
from activities.tests.factories import record
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, raw = create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_team_objects_then_champion_overrules_through_the_api(make_staff, officer, lewisham, ward):
    activity = record(wards=[ward], title="Roadshow", starts_at=timezone.now() + timedelta(days=20))
    consultation = activity.consultations.get()
    api = _client(officer)
    listed = api.get(f"/api/v1/activities/{activity.pk}/consultations")
    assert listed.status_code == 200, listed.content
    first = listed.json()["results"][0]
    assert first["state"] == "waiting" and first["respond_by"]
    response = api.post(
        f"/api/v1/activities/consultations/{consultation.pk}/answer",
        {"state": "objected", "comment": "Panel night"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "objected"
    champion = _client(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,)))
    url = f"/api/v1/activities/consultations/{consultation.pk}/overrule"
    refused = champion.post(url, {"reason": ""}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    done = champion.post(url, {"reason": "Cannot move"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "overruled"
    assert PriorConsultation.objects.get().state == "overruled"


def test_another_team_gets_403_from_the_api(make_staff, ward, ward_team):
    consultation = record(wards=[ward], starts_at=timezone.now() + timedelta(days=20)).consultations.get()
    outsider = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM))
    response = _client(outsider).post(
        f"/api/v1/activities/consultations/{consultation.pk}/answer",
        {"state": "acknowledged"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "neighbourhood team" in response.json()["detail"]


def test_organiser_and_team_resolve_through_the_api(make_staff, officer, ward):
    unit = UnitFactory(kind=Unit.Kind.BUSINESS_GROUP)
    lead = make_staff(Role.ENGAGEMENT_LEAD, unit=unit, london_wide=True)
    consultation = record(
        wards=[ward], organising_unit=unit, starts_at=timezone.now() + timedelta(days=20)
    ).consultations.get()
    _client(officer).post(
        f"/api/v1/activities/consultations/{consultation.pk}/answer",
        {"state": "objected", "comment": "Panel night"},
        content_type="application/json",
    )
    url = f"/api/v1/activities/consultations/{consultation.pk}/resolve"
    first = _client(lead).post(url, {"note": "Moved a day later"}, content_type="application/json")
    assert first.json()["state"] == "objected"
    second = _client(officer).post(url, {"note": "Agreed"}, content_type="application/json")
    assert second.json()["state"] == "resolved"
