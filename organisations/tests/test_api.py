"""The organisations API: units are public, posts and changes follow the pages' rules."""

from typing import Any

from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory


def _token(user: Any) -> str:
    from accounts.services import create_api_token

    return create_api_token(user=user, name="test")[1]


def test_units_filter_by_kind_and_borough(client: Any, ward_team: Any, lewisham: Any) -> None:
    UnitFactory(kind=Unit.Kind.BUSINESS_GROUP, name="Traffic")
    response = client.get("/api/v1/organisations/units", {"kind": "neighbourhood_team", "borough": lewisham.code})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["results"][0]["slug"] == ward_team.slug
    assert data["results"][0]["ward"] == ward_team.ward.code


def test_unknown_borough_gives_404_json(client: Any, db: Any) -> None:
    response = client.get("/api/v1/organisations/units", {"borough": "E09999999"})
    assert response.status_code == 404
    assert "E09999999" in response.json()["detail"]


def test_bad_kind_gives_422(client: Any, db: Any) -> None:
    response = client.get("/api/v1/organisations/units", {"kind": "spaceship"})
    assert response.status_code == 422


def test_unit_detail(client: Any, ward_team: Any) -> None:
    response = client.get(f"/api/v1/organisations/units/{ward_team.slug}")
    assert response.json()["name"] == ward_team.name
    assert client.get("/api/v1/organisations/units/nope").status_code == 404


def test_posts_need_staff(client: Any, officer: Any, ward_team: Any) -> None:
    assert client.get(f"/api/v1/organisations/units/{ward_team.slug}/posts").status_code == 403
    response = client.get(
        f"/api/v1/organisations/units/{ward_team.slug}/posts", HTTP_AUTHORIZATION=f"Bearer {_token(officer)}"
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == str(officer)


def test_creating_a_unit_is_refused_to_a_non_administrator_token(client: Any, officer: Any) -> None:
    response = client.post(
        "/api/v1/organisations/units",
        {"name": "Rogue unit", "kind": "business_group"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token(officer)}",
    )
    assert response.status_code == 403
    assert "detail" in response.json()
    assert not Unit.objects.filter(name="Rogue unit").exists()


def test_administrator_token_creates_a_unit(client: Any, administrator: Any) -> None:
    response = client.post(
        "/api/v1/organisations/units",
        {"name": "Youth Engagement Team", "short_name": "YET", "kind": "business_group"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token(administrator)}",
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "yet"


def test_borough_administrator_token_cannot_create_london_wide_unit(
    client: Any, make_staff: Any, lewisham: Any
) -> None:
    admin = make_staff(Role.ADMINISTRATOR, boroughs=(lewisham,))
    response = client.post(
        "/api/v1/organisations/units",
        {"name": "Pan-London team", "kind": "business_group"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token(admin)}",
    )
    assert response.status_code == 403


def test_borough_filter_lists_each_ward_team_once(client: Any, lewisham: Any) -> None:
    from django.core.management import call_command

    call_command("load_units", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.get(
        "/api/v1/organisations/units", {"kind": "neighbourhood_team", "borough": lewisham.code, "limit": 500}
    )
    slugs = [u["slug"] for u in response.json()["results"]]
    assert len(slugs) == len(set(slugs)) == lewisham.wards.count()
    command_units = client.get("/api/v1/organisations/units", {"kind": "command_unit", "borough": lewisham.code})
    assert [u["name"] for u in command_units.json()["results"]] == ["South East Basic Command Unit"]
