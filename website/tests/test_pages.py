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


def test_borough_page_lists_wards_command_unit_and_census_profile(client, lewisham):
    html = client.get(f"/boroughs/{lewisham.code}/").content.decode()
    assert "Catford South" in html
    assert "South East BCU" in html
    assert 'href="/boroughs/E09000011/">Greenwich</a>' in html
    assert "<caption" in html and "Ethnic group" in html
    assert "51.5%" in html  # White, Census 2021
    assert "75 and over" in html
    assert "Source: Office for National Statistics, Census 2021" in html


def test_borough_page_lists_units_and_partners_based_there(client, lewisham):
    from organisations.models import Unit
    from organisations.tests.factories import UnitFactory

    UnitFactory(
        name="Lewisham Community Safety Partnership", kind=Unit.Kind.COMMUNITY_SAFETY_PARTNERSHIP, borough=lewisham
    )
    html = client.get(f"/boroughs/{lewisham.code}/").content.decode()
    assert "Lewisham Community Safety Partnership" in html
    assert "Community safety partnership" in html


def test_borough_lower_case_code_finds_the_page(client, lewisham):
    assert client.get("/boroughs/e09000023/").status_code == 200


def test_boroughs_page_lists_all_33(client, london):
    html = client.get("/boroughs/").content.decode()
    assert html.count('<tr class="govuk-table__row">') == 34
    assert "City of London" in html


def test_ward_page_shows_population_and_borough(client, ward):
    html = client.get(f"/wards/{ward.code}/").content.decode()
    assert f"{ward.population:,} residents (Census 2021)" in html
    assert 'href="/boroughs/E09000023/">Lewisham</a>' in html


def test_ward_page_lists_public_team_members_only(client, ward, ward_team, make_staff):
    from organisations.models import Role

    listed = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    hidden = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    hidden.posts.update(listed_publicly=False)
    listed.posts.update(listed_publicly=True)
    html = client.get(f"/wards/{ward.code}/").content.decode()
    assert str(listed) in html
    assert str(hidden) not in html


def test_ward_page_without_a_team_says_how_to_get_help(client, ward):
    html = client.get(f"/wards/{ward.code}/").content.decode()
    assert "No neighbourhood team is listed for this ward yet" in html


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/open-data/"])
def test_information_pages_render(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<h1 class="govuk-heading-l">' in response.content
