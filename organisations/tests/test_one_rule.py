"""Organisations' pages, API and services ask the named predicates of `organisations.permissions`."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from activities.tests.factories import record
from core.errors import NotAllowed
from organisations import permissions, services
from organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer", "member_of_public"])
def test_who_holds_posts_page_and_api_follow_one_rule(client, officer, ward_team, who):
    user = officer if who == "officer" else UserFactory(email="resident@example.test")
    allowed = permissions.is_staff_member(user)
    assert allowed == (who == "officer")
    client.force_login(user)
    page = client.get(reverse("organisations:unit", args=[ward_team.slug]))
    api = client.get(f"/api/v1/organisations/units/{ward_team.slug}/posts")
    assert (page.status_code == 200, api.status_code == 200) == (allowed, allowed)


def test_an_administrator_cannot_grant_places_outside_their_area(make_staff, ward_team, ward, other_ward):
    admin = make_staff(Role.ADMINISTRATOR, wards=(ward,), email="ward-admin@police.example.test")
    assert permissions.can_grant_places(admin, {"wards": [ward]})
    assert not permissions.can_grant_places(admin, {"wards": [other_ward]})
    with pytest.raises(NotAllowed):
        services.create_post(
            by=admin,
            data={"unit": ward_team, "user": UserFactory(), "role": Role.NEIGHBOURHOOD_OFFICER, "wards": [other_ward]},
        )


@pytest.mark.parametrize("role", [Role.NEIGHBOURHOOD_OFFICER, Role.BOROUGH_CHAMPION])
def test_record_history_page_and_activity_page_ask_one_audit_rule(client, make_staff, ward_team, ward, role):
    user = make_staff(role, unit=ward_team, email="someone@police.example.test")
    activity = record(organising_unit=ward_team, wards=[ward], by=user)
    allowed = permissions.reads_audit(user)
    assert allowed == (role == Role.BOROUGH_CHAMPION)
    client.force_login(user)
    history = client.get(reverse("workspace:history", args=["activities.activity", activity.pk])).status_code
    detail = client.get(activity.get_absolute_url())
    assert (history == 200, bool(detail.context["history"])) == (allowed, allowed)
