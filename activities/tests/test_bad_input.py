"""Bad numbers, dates and lists are refused with a reason; nothing is half-saved and no page is poisoned."""

import importlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import create_api_token
from activities import services
from activities.importer import import_activities
from activities.models import Activity
from activities.tests.factories import record
from core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _api(user: Any) -> Client:
    _token, raw = create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _held(ward: Any, ward_team: Any) -> Activity:
    return record(wards=[ward], organising_unit=ward_team, starts_at=timezone.now() - timedelta(hours=3))


def test_api_refuses_an_absurd_cost_and_saves_nothing(officer, ward, ward_team):
    activity = _held(ward, ward_team)
    api = _api(officer)
    response = api.post(
        f"/api/v1/activities/{activity.pk}/status",
        {"status": "held", "cost": 1e300, "attendance": 12},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "cost" in response.json()["detail"]
    activity.refresh_from_db()
    assert (activity.status, activity.cost, activity.attendance) == ("planned", None, None)
    assert api.get("/api/v1/activities/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [("cost", 100_000_000), ("cost", -1), ("cost", 12.345), ("attendance", 2**40), ("reach", -3)],
)
def test_api_refuses_out_of_range_outcome_numbers(officer, ward, ward_team, field, value):
    activity = _held(ward, ward_team)
    response = _api(officer).post(
        f"/api/v1/activities/{activity.pk}/status",
        {"status": "held", field: value},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_api_takes_a_cost_in_pounds_and_pence(officer, ward, ward_team):
    activity = _held(ward, ward_team)
    response = _api(officer).post(
        f"/api/v1/activities/{activity.pk}/status",
        {"status": "held", "cost": 99999999.99},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    activity.refresh_from_db()
    assert activity.cost == Decimal("99999999.99")


def test_service_refuses_a_cost_too_large_to_store(officer, ward, ward_team):
    activity = _held(ward, ward_team)
    with pytest.raises(ServiceError) as raised:
        services.change_status(activity=activity, by=officer, status="held", cost=Decimal("1e300"))
    assert raised.value.field == "cost"
    activity.refresh_from_db()
    assert activity.cost is None


def test_model_refuses_out_of_range_numbers(ward_team):
    activity = Activity(
        title="t",
        purpose="p",
        method=Activity.Method.SURVEY,
        organising_unit=ward_team,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
        cost=Decimal("12345678901234"),
        attendance=10**10,
    )
    with pytest.raises(ValidationError) as raised:
        activity.full_clean()
    assert {"cost", "attendance"} <= set(raised.value.message_dict)


def test_import_refuses_a_fourteen_digit_cost(administrator, ward, ward_team):
    header = "title,purpose,method,ward_codes,starts_at,ends_at,status,cost\n"
    row = f"Held,Why,street_briefing,{ward.code},2024-01-10 19:00,2024-01-10 20:00,held,12345678901234\n"
    report = import_activities(
        by=administrator, name="a.csv", content=(header + row).encode(), default_unit=ward_team, dry_run=False
    )
    assert report.imported == 0
    assert not report.rows[0].ok
    assert "cost" in report.rows[0].message
    assert not Activity.objects.exists()


def test_import_refuses_a_huge_attendance(administrator, ward, ward_team):
    header = "title,purpose,method,ward_codes,starts_at,ends_at,status,attendance\n"
    row = f"Held,Why,street_briefing,{ward.code},2024-01-10 19:00,2024-01-10 20:00,held,1e30\n"
    report = import_activities(
        by=administrator, name="a.csv", content=(header + row).encode(), default_unit=ward_team, dry_run=False
    )
    assert not report.rows[0].ok
    assert "attendance" in report.rows[0].message


@pytest.mark.parametrize("params", [{"page": -5}, {"page": 10**20}, {"limit": -1}, {"limit": 10**20}])
def test_api_list_refuses_out_of_range_paging(officer, params):
    response = _api(officer).get("/api/v1/activities/", params)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "extra",
    [
        {"starts_at": "9999-12-31T23:30:00Z", "ends_at": "9999-12-31T23:59:00Z"},
        {"title": "x" * 201},
        {"purpose": "x" * 20_001},
        {"wards": ["E05000001"] * 1001},
        {"exception_dates": ["2030-01-01"] * 1001},
    ],
)
def test_api_refuses_unbounded_dates_texts_and_lists(officer, ward, ward_team, extra):
    starts = timezone.now() + timedelta(days=5)
    payload = {
        "title": "API briefing",
        "purpose": "Testing",
        "method": "street_briefing",
        "organising_unit": ward_team.slug,
        "wards": [ward.code],
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        **extra,
    }
    response = _api(officer).post("/api/v1/activities/", payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert not Activity.objects.exists()


def test_api_write_that_fails_after_saving_is_rolled_back(officer, ward, ward_team, monkeypatch):
    """A failure after the service has saved (here: building the answer) leaves nothing behind."""
    from activities import api as activities_api

    def broken(_activity: Activity) -> dict:
        raise RuntimeError("answer could not be built")

    monkeypatch.setattr(activities_api, "activity_out", broken)
    starts = timezone.now() + timedelta(days=5)
    payload = {
        "title": "API briefing",
        "purpose": "Testing",
        "method": "street_briefing",
        "organising_unit": ward_team.slug,
        "wards": [ward.code],
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
    }
    client = _api(officer)
    client.raise_request_exception = False
    response = client.post("/api/v1/activities/", payload, content_type="application/json")
    assert response.status_code == 500
    assert not Activity.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite can hold an out-of-range decimal")
def test_an_out_of_range_cost_already_stored_is_cleared_by_the_migration(ward, ward_team):
    """Rows saved before the bounds existed are repaired, so the list, calendar and export work again."""
    from django.apps import apps

    module = importlib.import_module("activities.migrations.0003_bounded_numbers")
    activity = _held(ward, ward_team)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute("UPDATE activities_activity SET cost = 1e300, attendance = 5 WHERE id = %s", [activity.pk])
        cursor.execute("PRAGMA ignore_check_constraints = OFF")
    module.clear_out_of_range(apps, None)
    activity.refresh_from_db()
    assert (activity.cost, activity.attendance) == (None, 5)


def test_register_pages_work_with_the_largest_allowed_numbers(client, administrator, ward, ward_team):
    activity = _held(ward, ward_team)
    services.change_status(
        activity=activity,
        by=administrator,
        status="held",
        cost=Decimal("99999999.99"),
        attendance=1_000_000,
        reach=1_000_000_000,
    )
    client.force_login(administrator)
    for name in ("activities:index", "activities:calendar", "activities:export"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert client.get(activity.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"date_from": "9999-12-31", "date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}],
)
def test_register_list_refuses_dates_out_of_range_with_a_message(client, administrator, params):
    client.force_login(administrator)
    response = client.get(reverse("activities:index"), params)
    assert response.status_code == 400
    assert "2000 and 2099" in response.content.decode()
    export = client.get(reverse("activities:export"), params)
    assert export.status_code == 200
    b"".join(export.streaming_content)


@pytest.mark.parametrize(
    "params",
    [
        {"month": "9999-12"},
        {"month": "0001-01"},
        {"view": "week", "week": "9999-12-31"},
        {"view": "week", "week": "0001-01-01"},
    ],
)
def test_calendar_out_of_range_falls_back_to_today(client, administrator, params):
    client.force_login(administrator)
    response = client.get(reverse("activities:calendar"), params)
    assert response.status_code == 200


def test_plan_form_refuses_a_start_in_the_year_9999(client, officer, ward_team):
    client.force_login(officer)
    data = {
        "title": "Far future",
        "purpose": "Testing",
        "method": "street_briefing",
        "tier": "business_group",
        "organising_unit": ward_team.pk,
        "wards": "Catford South",
        "starts_at": "9999-12-31T23:00",
        "ends_at": "9999-12-31T23:30",
    }
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 400
    assert "2000 and 2099" in response.content.decode()
    assert not Activity.objects.exists()
    check = client.post(reverse("activities:check"), {**data, "activity_id": "9" * 30})
    assert check.status_code == 200
