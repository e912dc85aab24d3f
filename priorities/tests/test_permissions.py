"""Priorities' permissions live in `priorities.permissions`; pages, CSV export and API ask the same rules."""

import pytest
import rules
from django.urls import reverse

from organisations.models import Role
from priorities import permissions, services
from priorities.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_priorities_rules_are_named_predicates_in_permissions_only():
    assert rules.perm_exists("priorities.manage_ward")
    assert not hasattr(services, "can_manage"), "priorities.services.can_manage should live in priorities.permissions"


@pytest.mark.parametrize("who", ["officer", "reader", "stranger"])
def test_issue_list_page_export_and_api_follow_one_rule(client, make_staff, officer, ward, other_ward, who):
    """An oversight reader (READ_ALL only) read reporters' addresses through the API while the page refused
    them; now both ask `permissions.issue_scope`."""
    IssueFactory(ward=ward, description="Cars on the pavement")
    user = {
        "officer": officer,
        "reader": make_staff(Role.OVERSIGHT_READER, london_wide=True, email="reader@oversight.example.test"),
        "stranger": make_staff(Role.ENGAGEMENT_LEAD, email="lead@police.example.test"),
    }[who]
    allowed = not permissions.issue_scope(user).is_empty
    assert allowed == (who == "officer")
    client.force_login(user)
    api = client.get("/api/v1/priorities/issues")
    page = client.get(reverse("priorities:issue_list"))
    export = client.get(reverse("priorities:issue_list") + "?format=csv")
    assert (page.status_code, export.status_code, api.status_code) == ((200,) * 3 if allowed else (403,) * 3)
    if allowed:
        assert "Cars on the pavement" in export.content.decode()
        assert [i["description"] for i in api.json()["results"]] == ["Cars on the pavement"]


@pytest.mark.parametrize("who", ["officer", "panel_chair"])
def test_only_the_police_team_sees_who_raised_an_issue_and_exactly_where(client, make_staff, officer, ward, who):
    """A ward panel's chair sets priorities from the issues, but the reporter's name, email, phone and address
    (often their own) stay with the neighbourhood team: page, CSV and API alike."""
    from organisations.models import Unit
    from organisations.tests.factories import UnitFactory

    issue = IssueFactory(
        ward=ward,
        description="Cars on the pavement",
        postcode="SE6 4RU",
        address="12 Example Road",
        contact_name="Robin Fictional",
        contact_email="robin@example.test",
        contact_phone="07700900123",
    )
    panel_chair = make_staff(Role.GROUP_OFFICER, unit=UnitFactory(kind=Unit.Kind.PARTNER), wards=[ward])
    user = {"officer": officer, "panel_chair": panel_chair}[who]
    assert not permissions.issue_scope(user).is_empty
    client.force_login(user)
    page = client.get(reverse("priorities:issue_detail", args=[issue.pk])).content.decode()
    export = client.get(reverse("priorities:issue_list") + "?format=csv").content.decode()
    api = client.get("/api/v1/priorities/issues").json()["results"][0]
    secrets = ("Robin Fictional", "robin@example.test", "07700900123", "12 Example Road", "SE6 4RU")
    everything = page + export + str(api)
    assert "Cars on the pavement" in page and "Cars on the pavement" in export
    if who == "officer":
        assert all(s in page for s in secrets)
        assert api["address"] == "12 Example Road" and api["postcode"] == "SE6 4RU"
    else:
        assert not [s for s in secrets if s in everything]
        assert "postcode district SE6" in page
        assert api["address"] == "" and api["postcode"] == "SE6"
