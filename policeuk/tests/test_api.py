"""The police.uk-compatible API: police.uk's paths, field names and formats, JSON errors, and no personal data."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import Activity
from activities.tests.factories import record
from alerts.tests.factories import SubscriberFactory
from organisations.models import Role
from organisations.tests.factories import PostFactory
from priorities.tests.factories import IssueFactory, PriorityFactory

pytestmark = pytest.mark.django_db

BASE = "/api/police-uk"
LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
DECIMAL = re.compile(r"^-?\d+\.\d+$")


@pytest.fixture
def team(ward_team):
    ward_team.email = "catford.south.snt@police.example.test"
    ward_team.phone = "020 7946 0000"
    ward_team.description = "We patrol Catford South & Rushey Green's edges."
    ward_team.save()
    return ward_team


def _public(activity):
    """The team's prior consultation agreed: the activity is announced."""
    Activity.objects.filter(pk=activity.pk).update(consultation_pending=False)


def test_forces_and_a_force(client, london):
    assert client.get(f"{BASE}/forces").json() == [
        {"id": "metropolitan", "name": "Metropolitan Police Service"},
        {"id": "city-of-london", "name": "City of London Police"},
    ]
    force = client.get(f"{BASE}/forces/metropolitan").json()
    assert set(force) == {"id", "name", "description", "url", "telephone", "engagement_methods"}
    assert force["telephone"] == "101"
    assert set(force["engagement_methods"][0]) == {"url", "type", "title", "description"}
    assert client.get(f"{BASE}/forces/metropolitan/people").json() == []  # until a profile is published
    assert client.get(f"{BASE}/forces/leicestershire").status_code == 404


def test_neighbourhoods_are_the_forces_wards(client, london):
    met = client.get(f"{BASE}/metropolitan/neighbourhoods").json()
    city = client.get(f"{BASE}/city-of-london/neighbourhoods").json()
    assert len(met) == 679 and len(city) == 25
    assert {"id": "E05013717", "name": "Catford South"} in met
    assert all(set(n) == {"id", "name"} for n in met)


def test_a_neighbourhood(client, ward, team):
    body = client.get(f"{BASE}/metropolitan/{ward.code}").json()
    assert set(body) == {
        "id",
        "name",
        "description",
        "url_force",
        "population",
        "centre",
        "links",
        "locations",
        "contact_details",
    }
    assert body["id"] == ward.code and body["name"] == "Catford South"
    assert body["description"] == "<p>We patrol Catford South &amp; Rushey Green&#x27;s edges.</p>"
    assert body["url_force"].endswith(ward.get_absolute_url())
    assert body["population"] == str(ward.population)
    assert DECIMAL.match(body["centre"]["latitude"]) and DECIMAL.match(body["centre"]["longitude"])
    assert 51.42 < float(body["centre"]["latitude"]) < 51.46
    assert body["contact_details"] == {"email": team.email, "telephone": team.phone}
    assert all(set(link) == {"url", "title", "description"} for link in body["links"])
    # A lower-case id finds it too; another force's ward, or a ward code that is not current, does not.
    assert client.get(f"{BASE}/metropolitan/{ward.code.lower()}").status_code == 200
    assert client.get(f"{BASE}/city-of-london/{ward.code}").status_code == 404
    assert client.get(f"{BASE}/metropolitan/E05999999").json()["detail"]


def test_the_boundary_is_a_closed_list_of_decimal_strings(client, ward):
    points = client.get(f"{BASE}/metropolitan/{ward.code}/boundary").json()
    assert len(points) > 20 and points[0] == points[-1]
    assert all(set(p) == {"latitude", "longitude"} for p in points)
    assert all(DECIMAL.match(p["latitude"]) and DECIMAL.match(p["longitude"]) for p in points)
    # Deptford was drawn anew in 2022 and has no namesake among the shipped boundaries.
    deptford = client.get(f"{BASE}/metropolitan/E05013719/boundary")
    assert deptford.status_code == 404 and "2022" in deptford.json()["detail"]


def test_locate_neighbourhood(client, ward):
    centre = client.get(f"{BASE}/metropolitan/{ward.code}").json()["centre"]
    found = client.get(f"{BASE}/locate-neighbourhood", {"q": f"{centre['latitude']},{centre['longitude']}"})
    assert found.json() == {"force": "metropolitan", "neighbourhood": ward.code}
    city = client.get(f"{BASE}/locate-neighbourhood", {"q": "51.5155,-0.0922"}).json()  # the Guildhall
    assert city["force"] == "city-of-london"
    assert client.get(f"{BASE}/locate-neighbourhood", {"q": "53.48,-2.24"}).status_code == 404  # Manchester
    for bad in ("", "north", "51.5", "91,0", "1e9,1", "51.5;-0.1"):
        response = client.get(f"{BASE}/locate-neighbourhood", {"q": bad})
        assert response.status_code == 400, bad
        assert response.json()["detail"]


def test_team_events_and_priorities(client, ward, team, make_staff):
    sergeant = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="sgt.private@police.example.test")
    sergeant.posts.update(listed_publicly=True, job_title="Sgt", public_bio="Ten years in <Catford>.")
    when = timezone.now() + timedelta(days=3)
    _public(record(wards=[ward], title="Drop In Beat Surgery", starts_at=when, is_public=True))
    PriorityFactory(ward=ward, issue="Speeding on Bromley Road", action="Speed checks")

    assert client.get(f"{BASE}/metropolitan/{ward.code}/people").json() == [
        {"name": str(sergeant), "rank": "Sgt", "bio": "<p>Ten years in &lt;Catford&gt;.</p>", "contact_details": {}}
    ]
    events = client.get(f"{BASE}/metropolitan/{ward.code}/events").json()
    assert [e["title"] for e in events] == ["Drop In Beat Surgery"]
    event = events[0]
    assert set(event) == {"title", "type", "description", "address", "start_date", "end_date", "contact_details"}
    assert event["type"] == Activity.Method.PUBLIC_MEETING and LOCAL_TIME.match(event["start_date"])
    assert event["start_date"] == timezone.localtime(when).strftime("%Y-%m-%dT%H:%M:%S")
    priorities = client.get(f"{BASE}/metropolitan/{ward.code}/priorities").json()
    assert set(priorities[0]) == {"issue", "issue-date", "action", "action-date"}
    assert priorities[0]["issue"] == "Speeding on Bromley Road" and LOCAL_TIME.match(priorities[0]["issue-date"])


def test_no_personal_data_leaks(client, ward, team, make_staff):
    """Reporters, subscribers, organisers, unlisted staff and everyone's own contact details stay out."""
    unlisted = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="hidden.officer@police.example.test")
    listed = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="listed.officer@police.example.test")
    PostFactory(user=listed, unit=team, role=Role.NEIGHBOURHOOD_OFFICER, listed_publicly=True)
    IssueFactory(ward=ward, contact_name="Rita Reporter", contact_email="rita@example.test", address="12 Secret St")
    SubscriberFactory(email="sam.subscriber@example.test", wards=[ward])
    _public(record(wards=[ward], title="Ward walk", lead_name="Olive Organiser", lead_email="olive@example.test"))
    PriorityFactory(ward=ward)
    secrets = [
        str(unlisted),
        unlisted.email,
        listed.email,
        "Rita Reporter",
        "rita@example.test",
        "12 Secret St",
        "sam.subscriber@example.test",
        "Olive Organiser",
        "olive@example.test",
    ]
    paths = ["", "/people", "/events", "/priorities", "/boundary"]
    answers = "".join(client.get(f"{BASE}/metropolitan/{ward.code}{p}").content.decode() for p in paths)
    answers += client.get(f"{BASE}/metropolitan/neighbourhoods").content.decode()
    assert str(listed) in answers and "Ward walk" in answers
    assert [s for s in secrets if s in answers] == []


def test_errors_are_json(client, london):
    unknown = client.get(f"{BASE}/crimes-street/all-crime")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/json; charset=utf-8"
    deep = client.get(f"{BASE}/metropolitan/E05013717/crimes/2024-01")
    assert deep.status_code == 404 and deep.json()["detail"]
    posted = client.post(f"{BASE}/forces", {}, content_type="application/json")
    assert posted.status_code == 405 and posted.json()["detail"] and "GET" in posted["Allow"]


def test_its_own_openapi_description_and_docs(client):
    paths = client.get(f"{BASE}/openapi.json").json()["paths"]
    assert {
        "/api/police-uk/forces",
        "/api/police-uk/forces/{force}",
        "/api/police-uk/forces/{force}/people",
        "/api/police-uk/{force}/neighbourhoods",
        "/api/police-uk/{force}/{neighbourhood}",
        "/api/police-uk/{force}/{neighbourhood}/boundary",
        "/api/police-uk/{force}/{neighbourhood}/people",
        "/api/police-uk/{force}/{neighbourhood}/events",
        "/api/police-uk/{force}/{neighbourhood}/priorities",
        "/api/police-uk/locate-neighbourhood",
    } <= set(paths)
    assert client.get(f"{BASE}/docs").status_code == 200
