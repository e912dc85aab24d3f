"""Plans' permissions live in `plans.permissions`, and its pages, API and exports ask the same rules."""

from typing import Any

import pytest
import rules
from django.urls import reverse

from plans import permissions, services
from plans.models import Plan

pytestmark = pytest.mark.django_db


def _auth(user: Any) -> dict[str, str]:
    from accounts.services import create_api_token

    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=user, name='test')[1]}"}


def test_plan_rules_are_named_predicates_in_permissions_only():
    for name in ("plans.manage_plans", "plans.view_plan", "plans.report_progress"):
        assert rules.perm_exists(name)
    for helper in ("can_manage", "can_read", "can_report_progress"):
        assert not hasattr(services, helper), f"plans.services.{helper} should live in plans.permissions"


@pytest.mark.parametrize("who", ["reader", "lead_officer", "other_officer", "manager"])
def test_restricted_plan_page_api_and_export_follow_one_rule(client, plan, action, who, request):
    user = request.getfixturevalue(who)
    Plan.objects.filter(pk=plan.pk).update(is_public=False)
    plan.refresh_from_db()
    expected = 200 if permissions.can_read(user, plan) else 404
    api = client.get(f"/api/v1/plans/{plan.slug}", **_auth(user)).status_code
    client.force_login(user)
    page = client.get(plan.get_absolute_url()).status_code
    export = client.get(reverse("plans:report_download", args=[plan.slug, "csv"])).status_code
    assert (page, api, export) == (expected, expected, expected)
    assert who != "other_officer" or expected == 404


@pytest.mark.parametrize("who", ["lead_officer", "other_officer", "manager"])
def test_progress_page_and_api_follow_one_rule(client, action, who, request):
    user = request.getfixturevalue(who)
    allowed = permissions.can_report_progress(user, action)
    api = client.post(
        f"/api/v1/plans/actions/{action.pk}/progress",
        {"narrative": "On the way", "status": "on_track"},
        content_type="application/json",
        **_auth(user),
    ).status_code
    client.force_login(user)
    page = client.get(reverse("plans:progress_create", args=[action.plan.slug, action.pk])).status_code
    assert (page == 200, api == 201) == (allowed, allowed)
    assert who != "other_officer" or not allowed
