import pytest

from consultations.models import Response
from consultations.tests.factories import build_survey
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _payload(qs, key="api-key-1", **over):
    answers = {str(qs["seen"].pk): "Yes", str(qs["where"].pk): "Patrol", str(qs["safe"].pk): "4"}
    answers.update({str(qs[k].pk): v for k, v in over.items()})
    return {"answers": answers, "idempotency_key": key}


def test_consultations_are_listed_publicly_with_their_questions(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    listing = client.get("/api/v1/consultations/").json()["results"]
    assert [x["slug"] for x in listing] == [c.slug]
    detail = client.get(f"/api/v1/consultations/{c.slug}").json()
    assert detail["questions"][1]["show_if"] == qs["seen"].pk


def test_a_response_submitted_twice_through_the_api_is_stored_once(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    url = f"/api/v1/consultations/{c.slug}/responses"
    first = client.post(url, _payload(qs, rank=["C", "A"]), content_type="application/json")
    again = client.post(url, _payload(qs, rank=["C", "A"]), content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Response.objects.count() == 1


def test_the_api_applies_the_same_validation_as_the_form(client, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    response = client.post(
        f"/api/v1/consultations/{c.slug}/responses", _payload(qs, safe="9"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "strongly disagree" in response.json()["detail"]
    assert Response.objects.count() == 0


def test_results_need_staff_in_scope(client, make_staff, lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    client.post(f"/api/v1/consultations/{c.slug}/responses", _payload(qs), content_type="application/json")
    assert client.get(f"/api/v1/consultations/{c.slug}/results").status_code == 404
    lead = make_staff(
        Role.BOROUGH_CHAMPION, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham), boroughs=[lewisham]
    )
    client.force_login(lead)
    body = client.get(f"/api/v1/consultations/{c.slug}/results").json()
    assert body["responses"] == 1
    seen = next(r for r in body["results"] if r["question"] == qs["seen"].pk)
    assert seen["bars"][0] == {"label": "Yes", "count": 1, "percent": 100.0}
