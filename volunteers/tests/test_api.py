"""API: opportunities, deployments and outputs; personal data only to coordinators."""

import pytest

from volunteers import services

pytestmark = pytest.mark.django_db
BASE = "/api/v1/volunteers"


@pytest.fixture
def deployed(post, hub, make_volunteer):
    volunteer = make_volunteer(name="Named Volunteer")
    opportunity = post()
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=invitation, accept=True)
    return opportunity, volunteer


def test_coordinators_see_deployments_with_names(client, hub, deployed):
    opportunity, _volunteer = deployed
    client.force_login(hub)
    listed = client.get(f"{BASE}/opportunities").json()["results"]
    assert [o["id"] for o in listed] == [opportunity.pk] and listed[0]["places_taken"] == 1
    assert listed[0]["boroughs"] == ["E09000023"] and listed[0]["wards"] == []
    rows = client.get(f"{BASE}/opportunities/{opportunity.pk}/deployments").json()["results"]
    assert rows[0]["volunteer"] == "Named Volunteer"


def test_a_volunteer_sees_their_own_deployment_without_names(client, deployed, make_volunteer):
    opportunity, volunteer = deployed
    client.force_login(volunteer.user)
    rows = client.get(f"{BASE}/opportunities/{opportunity.pk}/deployments").json()["results"]
    assert len(rows) == 1 and rows[0]["volunteer"] is None
    assert client.get(f"{BASE}/outputs").status_code == 403
    client.force_login(make_volunteer().user)
    assert client.get(f"{BASE}/opportunities/{opportunity.pk}").status_code == 404


def test_others_are_refused(client, deployed, officer, lambeth_coordinator):
    opportunity, _ = deployed
    assert client.get(f"{BASE}/opportunities").status_code in (401, 403)
    client.force_login(officer)
    assert client.get(f"{BASE}/opportunities").status_code == 403
    client.force_login(lambeth_coordinator)
    assert client.get(f"{BASE}/opportunities").json()["results"] == []
    assert client.get(f"{BASE}/opportunities/{opportunity.pk}/deployments").status_code == 404


def test_recording_outputs_and_bad_input(client, hub, deployed, lewisham, lambeth):
    opportunity, _ = deployed
    client.force_login(hub)
    url = f"{BASE}/opportunities/{opportunity.pk}/outputs"
    made = client.post(url, {"kind": "bikes", "count": 12, "borough": lewisham.code}, content_type="application/json")
    assert made.status_code == 201 and made.json()["count"] == 12
    for bad in (
        {"kind": "bikes", "count": -1, "borough": lewisham.code},
        {"kind": "cakes", "count": 1, "borough": lewisham.code},
        {"kind": "bikes", "count": 1, "borough": lambeth.code},
        {"kind": "bikes", "count": 1, "borough": "nowhere"},
        [1, 2],
    ):
        response = client.post(url, bad, content_type="application/json")
        assert 400 <= response.status_code < 500, bad
    assert client.get(f"{BASE}/outputs").json()["results"][0]["count"] == 12
    assert client.get(f"{BASE}/outputs?since=1999-01-01").status_code == 422
