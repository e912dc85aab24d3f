from datetime import date, timedelta
from typing import Any

import pytest

from plans import services
from plans.models import Plan, Rag

pytestmark = pytest.mark.django_db


def _token(user: Any) -> str:
    from accounts.services import create_api_token

    return create_api_token(user=user, name="test")[1]


def _auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}


def test_anyone_reads_public_plans_with_latest_progress(client, action, lead_officer):
    services.add_progress(action, by=lead_officer, narrative="Going well", status=Rag.ON_TRACK)
    assert [p["slug"] for p in client.get("/api/v1/plans/").json()["results"]] == [action.plan.slug]
    data = client.get(f"/api/v1/plans/{action.plan.slug}").json()
    assert data["actions"][0]["reference"] == "1.1"
    assert data["actions"][0]["latest_progress"]["narrative"] == "Going well"
    assert data["actions"][0]["lead_units"] == ["CO11"]


def test_restricted_plan_is_404_for_anonymous_callers(client, plan):
    Plan.objects.filter(pk=plan.pk).update(is_public=False)
    response = client.get(f"/api/v1/plans/{plan.slug}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_manager_adds_an_action_and_bad_input_is_a_4xx(client, action, manager):
    url = f"/api/v1/plans/{action.plan.slug}/actions"
    ok = client.post(
        url,
        {"reference": "1.2", "description": "Web link", "lead": "CO11", "budget": "1500", "deadline": "Apr – Nov 2026"},
        content_type="application/json",
        **_auth(manager),
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["deadline_kind"] == "period" and ok.json()["budget"] == "1500.00"
    dup = client.post(
        url, {"reference": "1.1", "description": "Dup"}, content_type="application/json", **_auth(manager)
    )
    assert dup.status_code == 400 and dup.json()["field"] == "reference"
    neg = client.post(
        url, {"reference": "1.3", "description": "N", "budget": "-1"}, content_type="application/json", **_auth(manager)
    )
    assert neg.status_code == 422 and neg.json()["errors"][0]["field"] == "budget"
    unknown = client.post(
        url, {"reference": "1.4", "description": "U", "lead": "QQ7"}, content_type="application/json", **_auth(manager)
    )
    assert unknown.status_code == 400 and "QQ7" in unknown.json()["detail"]


def test_writes_need_manage_plans(client, action, other_officer):
    url = f"/api/v1/plans/{action.plan.slug}/actions"
    response = client.post(
        url, {"reference": "9", "description": "X"}, content_type="application/json", **_auth(other_officer)
    )
    assert response.status_code == 403
    assert client.post(url, {"reference": "9", "description": "X"}, content_type="application/json").status_code == 403


def test_lead_reports_progress_and_future_dates_are_refused(client, action, lead_officer, other_officer):
    url = f"/api/v1/plans/actions/{action.pk}/progress"
    ok = client.post(
        url, {"narrative": "Done", "status": "complete"}, content_type="application/json", **_auth(lead_officer)
    )
    assert ok.status_code == 201
    future = (date.today() + timedelta(days=2)).isoformat()
    bad = client.post(
        url, {"narrative": "Later", "reported_on": future}, content_type="application/json", **_auth(lead_officer)
    )
    assert bad.status_code == 400 and bad.json()["field"] == "reported_on"
    other = client.post(url, {"narrative": "Not mine"}, content_type="application/json", **_auth(other_officer))
    assert other.status_code == 403
    assert client.get(f"/api/v1/plans/actions/{action.pk}").json()["status"] == "complete"


def test_manager_changes_an_action_budget(client, action, manager):
    response = client.patch(
        f"/api/v1/plans/actions/{action.pk}", {"budget": "2500"}, content_type="application/json", **_auth(manager)
    )
    assert response.status_code == 200, response.content
    assert response.json()["budget"] == "2500.00" and response.json()["lead_units"] == ["CO11"]


def test_report_endpoint_gives_counts_and_exceptions(client, action, lead_officer):
    services.add_progress(action, by=lead_officer, narrative="Slipping", status=Rag.AT_RISK)
    data = client.get(f"/api/v1/plans/{action.plan.slug}/report").json()
    assert data["totals"]["at_risk"] == 1 and data["exceptions"] == ["1.1"]
