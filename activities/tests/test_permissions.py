"""The register's permissions live in `activities.permissions`; pages, API and exports ask the same rules."""

import pytest
import rules
from django.test import Client
from django.urls import reverse

from accounts.services import create_api_token
from activities import permissions, queries, services
from activities.tests.factories import record
from organisations.models import Role

pytestmark = pytest.mark.django_db


def _api(user) -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_api_token(user=user, name='test')[1]}")


@pytest.fixture
def people(officer, make_staff):  # type: ignore[no-untyped-def]
    return {
        "officer": officer,
        "reader": make_staff(Role.OVERSIGHT_READER, london_wide=True, email="reader@oversight.example.test"),
        "group_officer": make_staff(Role.GROUP_OFFICER, email="groups@police.example.test"),
        "champion": make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="champion@police.example.test"),
    }


def test_register_rules_are_named_predicates_in_permissions_only():
    for name in ("activities.view_activity", "activities.change_activity", "activities.see_engagement_picture"):
        assert rules.perm_exists(name)
    assert not hasattr(queries, "can_read"), "activities.queries.can_read should live in activities.permissions"
    assert not hasattr(services, "can_edit"), "activities.services.can_edit should live in activities.permissions"


@pytest.mark.parametrize("who", ["officer", "reader", "group_officer"])
def test_register_page_export_and_api_follow_one_read_rule(client, people, who):
    user = people[who]
    allowed = permissions.can_read(user)
    assert allowed == (who != "group_officer")
    api = _api(user).get("/api/v1/activities/").status_code
    client.force_login(user)
    page = client.get(reverse("activities:index")).status_code
    export = client.get(reverse("activities:export")).status_code
    assert (page == 200, export == 200, api == 200) == (allowed, allowed, allowed)


@pytest.mark.parametrize("who", ["officer", "reader", "champion"])
def test_activity_edit_page_and_api_follow_one_change_rule(client, people, ward, ward_team, who):
    user = people[who]
    activity = record(organising_unit=ward_team, wards=[ward])
    allowed = permissions.can_edit(user, activity)
    assert allowed == (who != "reader")
    response = _api(user).post(
        f"/api/v1/activities/{activity.pk}/status", {"status": "confirmed"}, content_type="application/json"
    )
    api, api_body = response.status_code, response.content
    client.force_login(user)
    page = client.get(reverse("activities:edit", args=[activity.pk])).status_code
    shown = reverse("activities:edit", args=[activity.pk]) in client.get(activity.get_absolute_url()).content.decode()
    assert (page == 200, api == 200, shown) == (allowed, allowed, allowed), api_body
