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
        assert [i["description"] for i in api.json()["items"]] == ["Cars on the pavement"]
