"""Groups' permissions are named predicates in `groups.permissions`; pages and API ask the same rules."""

import pytest
import rules
from django.urls import reverse

from groups import permissions
from groups.tests.factories import BriefingPackFactory, WardPanelFactory
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(officer, make_staff, other_ward):  # type: ignore[no-untyped-def]
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    return {
        "officer": officer,
        "reader": make_staff(Role.OVERSIGHT_READER, london_wide=True, email="reader@oversight.example.test"),
        "stranger": make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="stranger@police.example.test"),
        "lead": make_staff(Role.ENGAGEMENT_LEAD, email="lead@police.example.test"),
    }


def test_group_rules_are_registered_predicates():
    for name in ("groups.change_communitygroup", "groups.view_communitygroup", "groups.view_equality"):
        assert rules.perm_exists(name)


@pytest.mark.parametrize("who", ["officer", "reader", "stranger"])
def test_representativeness_page_export_and_api_follow_one_rule(client, people, ward, who):
    user = people[who]
    panel = WardPanelFactory(ward=ward)
    allowed = permissions.can_read_equality(user, panel)
    assert allowed == (who != "stranger")
    client.force_login(user)
    api = client.get(f"/api/v1/groups/{panel.pk}/representativeness").status_code
    page = client.get(reverse("groups:representativeness", args=[panel.pk])).status_code
    export = client.get(reverse("groups:representativeness", args=[panel.pk]) + "?format=csv").status_code
    assert (page == 200, export == 200, api == 200) == (allowed, allowed, allowed)


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_briefing_pages_offer_changes_only_to_those_the_upload_accepts(client, people, who):
    user = people[who]
    pack = BriefingPackFactory()
    allowed = permissions.manages_groups(user)
    assert allowed == (who == "officer")
    client.force_login(user)
    offered = reverse("groups:briefing_upload", args=[pack.pk]) in client.get(pack.get_absolute_url()).content.decode()
    upload = client.post(reverse("groups:briefing_upload", args=[pack.pk]), {"title": ""}).status_code
    assert (offered, upload != 403) == (allowed, allowed)
