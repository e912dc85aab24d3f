import pytest
from django.core.cache import cache
from django.db import connection

from priorities.models import Issue
from priorities.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_public_can_raise_issue_by_api(client, ward):
    response = client.post(
        "/api/v1/priorities/issues",
        {"category": "asb", "description": "Noise", "frequency": "daily", "postcode": "SE6 4RU"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["reference"] == Issue.objects.get().reference


def test_api_issue_without_location_is_400(client, london):
    response = client.post(
        "/api/v1/priorities/issues",
        {"category": "asb", "description": "Noise", "frequency": "daily"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "postcode" in response.json()["detail"]


def test_anonymous_cannot_read_issues(client, ward):
    IssueFactory(ward=ward)
    assert client.get("/api/v1/priorities/issues").status_code == 403


def test_staff_read_issues_in_scope_with_token(client, officer, ward, other_ward):
    IssueFactory(ward=ward, description="mine")
    IssueFactory(ward=other_ward, description="theirs")
    client.force_login(officer)
    items = client.get("/api/v1/priorities/issues").json()["results"]
    assert [i["description"] for i in items] == ["mine"]


def test_priorities_list_filters_by_ward(client, ward, other_ward):
    from priorities.tests.factories import PriorityFactory

    PriorityFactory(ward=ward)
    PriorityFactory(ward=other_ward)
    items = client.get(f"/api/v1/priorities/?ward={ward.code}").json()["results"]
    assert len(items) == 1 and items[0]["ward"] == ward.code


def test_a_nul_character_in_api_text_is_refused_not_a_server_error(client, ward):
    """PostgreSQL cannot store U+0000 in text: the API refuses it as bad input and saves nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores a NUL character; only PostgreSQL refuses it")
    response = client.post(
        "/api/v1/priorities/issues",
        {"category": "asb", "description": "Noise\u0000at night", "frequency": "daily", "postcode": "SE6 4RU"},
        content_type="application/json",
    )
    assert response.status_code in {400, 422}
    assert not Issue.objects.exists()
