"""API: plans and cases for the staff who read them on the pages, the published Top 10s for anyone."""

from decimal import Decimal
from typing import Any

import pytest

from practice.models import CaseStudy, TopTen, TopTenEntry
from practice.services import plans as services

pytestmark = pytest.mark.django_db
BASE = "/api/v1/practice"


@pytest.fixture
def plan(officer: Any, ward: Any, youth: Any) -> Any:
    services.save_plan(
        by=officer, ward=ward, profile_notes="Market on Saturdays", feedback_mechanism="panel", feedback_details=""
    )
    services.set_community(by=officer, ward=ward, community=youth, methods=["school_visit"], why="Few take part")
    services.add_target(by=officer, ward=ward, data={"community": youth, "measure": "activities", "number": 3})
    return services.agree_plan(by=officer, ward=ward)


def _case(title: str, status: str = CaseStudy.Status.ACCEPTED, **kw: Any) -> CaseStudy:
    fields: dict[str, Any] = {
        "method": "street_briefing",
        "topic": "asb",
        "unit_name": "A team",
        "held_on": "2025-05-01",
        "what": "What <b>was</b> done",
        "why": "w",
        "who_took_part": "w",
        "outcome": "o",
        "cost": Decimal(50),
        "reach": 25,
        **kw,
    }
    return CaseStudy.objects.create(title=title, status=status, **fields)


def test_a_sergeant_reads_their_wards_plan_with_its_gaps(client: Any, officer: Any, plan: Any, ward: Any) -> None:
    client.force_login(officer)
    listed = client.get(f"{BASE}/plans").json()
    assert listed["count"] == 1 and listed["results"][0]["ward"] == ward.code
    one = client.get(f"{BASE}/plans/{ward.code}").json()
    assert one["status"] == "agreed" and one["communities"][0]["methods"] == ["school_visit"]
    assert one["targets"][0]["target"] == "3 activities held with Young people in six months"
    assert any("Disabled people" in gap for gap in one["gaps"])


def test_plans_are_refused_outside_the_readers_area(
    client: Any, other_sergeant: Any, plan: Any, ward: Any, make_staff: Any
) -> None:
    assert client.get(f"{BASE}/plans").status_code in (401, 403)
    client.force_login(other_sergeant)
    assert client.get(f"{BASE}/plans").json()["results"] == []
    assert client.get(f"{BASE}/plans/{ward.code}").status_code == 404
    assert client.get(f"{BASE}/plans/{'x' * 5000}").status_code == 404
    client.force_login(make_staff("partner", email="partner@example.test"))
    assert client.get(f"{BASE}/plans").status_code == 403


def test_cases_for_the_library_readers(client: Any, officer: Any, champion: Any) -> None:
    accepted, waiting = _case("Accepted"), _case("Waiting", status=CaseStudy.Status.SUBMITTED)
    client.force_login(officer)
    rows = client.get(f"{BASE}/cases").json()["results"]
    assert [r["id"] for r in rows] == [accepted.pk] and rows[0]["what"] == "What <b>was</b> done"
    assert client.get(f"{BASE}/cases/{waiting.pk}").status_code == 404
    client.force_login(champion)
    assert {r["id"] for r in client.get(f"{BASE}/cases").json()["results"]} == {accepted.pk, waiting.pk}
    assert client.get(f"{BASE}/cases", {"status": "submitted"}).json()["count"] == 1
    assert client.get(f"{BASE}/cases/{waiting.pk}").json()["title"] == "Waiting"
    for bad in ("0", "-1", "99999999999", "abc"):
        assert client.get(f"{BASE}/cases/{bad}").status_code in (404, 422)
    assert client.get(f"{BASE}/cases", {"limit": "100000"}).status_code == 422


def test_the_published_top_ten_is_open_to_all(client: Any) -> None:
    shown = TopTen.objects.create(
        label="2025-26 Q1", slug="2025-26-q1", starts_on="2025-04-01", ends_on="2025-06-30", status="published"
    )
    TopTenEntry.objects.create(
        top_ten=shown, case=_case("Cheap and good"), rank=1, cost_per_person=Decimal("2.00"), cost_per_outcome=50
    )
    TopTen.objects.create(label="2025-26 Q2", slug="2025-26-q2", starts_on="2025-07-01", ends_on="2025-09-30")
    rows = client.get(f"{BASE}/top-10").json()["results"]
    assert [r["slug"] for r in rows] == ["2025-26-q1"]  # the draft is not shown
    entry = rows[0]["entries"][0]
    assert (entry["rank"], entry["title"], Decimal(entry["cost_per_person"])) == (1, "Cheap and good", Decimal(2))
    assert client.get(f"{BASE}/top-10/2025-26-q1").json()["label"] == "2025-26 Q1"
    assert client.get(f"{BASE}/top-10/2025-26-q2").status_code == 404


def test_the_endpoints_are_in_the_openapi_document(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("plans", "plans/{ward_code}", "cases", "cases/{case_id}", "top-10", "top-10/{slug}"):
        assert f"{BASE}/{path}" in paths
