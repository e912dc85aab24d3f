import pytest

pytestmark = pytest.mark.django_db


def test_home_page_offers_postcode_search_and_boroughs(client, london):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Find your area" in response.content
    assert b"Lewisham" in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_postcode_finds_the_ward(client, london):
    response = client.get("/find/", {"postcode": "se6 4ru"})
    assert response.status_code == 302
    assert response["Location"].startswith("/wards/E05")


@pytest.mark.parametrize(
    ("postcode", "status", "message"),
    [
        ("not a postcode", 400, b"Enter a full UK postcode"),
        ("M1 1AE", 400, b"is not in London"),
        ("SE13 9ZZ", 404, b"We could not find SE13 9ZZ"),
        ("", 400, b"Enter a postcode"),
    ],
)
def test_postcode_errors_are_clear(client, london, postcode, status, message):
    response = client.get("/find/", {"postcode": postcode})
    assert response.status_code == status
    assert message in response.content


def test_ward_page_shows_team_contact(client, ward, ward_team):
    response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 200
    assert ward.name.encode() in response.content
    assert ward_team.email.encode() in response.content


def test_unknown_ward_is_404(client, london):
    assert client.get("/wards/E05999999/").status_code == 404


def test_healthz_checks_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
