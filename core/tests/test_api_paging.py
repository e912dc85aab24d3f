"""Every list of the API pages the same way: `?page=&limit=` in, `{count, next, previous, results}` out."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from accounts.services import create_api_token
from core.api_paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

pytestmark = pytest.mark.django_db

# Shaped like another service's answer on purpose (a bare list): see docs/api.md.
NOT_PAGED = {"/api/v1/priorities/wards/{code}/police-uk"}


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_every_list_operation_has_the_one_paging_shape(client):
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    lists = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
            ref = answer.get("schema", {}).get("$ref", "")
            if answer.get("schema", {}).get("type") == "array":
                assert path in NOT_PAGED, f"{method} {path} answers a bare list"
                continue
            if not ref.split("/")[-1].startswith("Paged"):
                continue
            lists += 1
            paged = components[ref.split("/")[-1]]
            assert set(paged["properties"]) == {"count", "next", "previous", "results"}, path
            params = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
            assert params["limit"]["maximum"] == MAX_PAGE_SIZE and params["limit"]["minimum"] == 1, path
            assert params["page"]["minimum"] == 1, path
            assert "offset" not in params, path
    assert lists >= 15


def test_pages_follow_their_next_and_previous_links(client, london):
    first = client.get("/api/v1/boroughs", {"limit": 10}).json()
    assert first["count"] == 33 and len(first["results"]) == 10 and first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/boroughs?")
    assert _query(first["next"]) == {"limit": ["10"], "page": ["2"]}

    second = client.get(first["next"]).json()
    assert len(second["results"]) == 10 and _query(second["previous"])["page"] == ["1"]
    assert {b["code"] for b in first["results"]}.isdisjoint(b["code"] for b in second["results"])

    last = client.get("/api/v1/boroughs", {"limit": 10, "page": 4}).json()
    assert len(last["results"]) == 3 and last["next"] is None and _query(last["previous"])["page"] == ["3"]
    everything = first["results"] + second["results"] + client.get(second["next"]).json()["results"]
    assert len({b["code"] for b in everything + last["results"]}) == 33


def test_a_page_past_the_end_is_empty_and_points_back_to_the_last(client, london):
    past = client.get("/api/v1/boroughs", {"limit": 10, "page": 9}).json()
    assert past["results"] == [] and past["next"] is None and past["count"] == 33
    assert _query(past["previous"])["page"] == ["4"]


def test_links_keep_the_filters(client, lewisham):
    first = client.get("/api/v1/wards", {"borough": lewisham.code, "limit": 5}).json()
    assert first["count"] == 19
    assert _query(first["next"]) == {"borough": [lewisham.code], "limit": ["5"], "page": ["2"]}
    assert all(w["borough_code"] == lewisham.code for w in client.get(first["next"]).json()["results"])


def test_the_default_page_is_bounded(client, london):
    wards = client.get("/api/v1/wards").json()
    assert wards["count"] > DEFAULT_PAGE_SIZE and len(wards["results"]) == DEFAULT_PAGE_SIZE
    assert len(client.get("/api/v1/wards", {"limit": MAX_PAGE_SIZE}).json()["results"]) == MAX_PAGE_SIZE


@pytest.mark.parametrize("params", [{"limit": MAX_PAGE_SIZE + 1}, {"limit": 100_000}, {"page": 0}, {"page": "two"}])
def test_out_of_bounds_paging_is_a_422_naming_the_parameter(client, london, params):
    response = client.get("/api/v1/boroughs", params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == list(params)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations/units",
        "/api/v1/groups/",
        "/api/v1/groups/meetings",
        "/api/v1/activities/",
        "/api/v1/priorities/",
        "/api/v1/priorities/issues",
        "/api/v1/feedback/",
        "/api/v1/alerts/messages",
        "/api/v1/consultations/",
        "/api/v1/plans/",
        "/api/v1/activities/communities",
    ],
)
def test_each_staff_and_public_list_pages_alike(administrator, path):
    _token, raw = create_api_token(user=administrator, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = api.get(path, {"limit": 1, "page": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}, body
    assert len(body["results"]) == (1 if body["count"] >= 2 else 0)
    assert body["previous"] is not None and _query(body["previous"])["page"] == ["1"]
    assert api.get(path, {"limit": MAX_PAGE_SIZE + 1}).status_code == 422


def test_categories_are_enums_in_the_description_and_checked(client, london):
    schema = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/priorities/"]["get"]["parameters"]}
    assert "asb" in params["category"]["anyOf"][0]["enum"]
    assert "all" in params["status"]["enum"]
    priority = schema["components"]["schemas"]["PriorityOut"]["properties"]
    assert "road_safety" in priority["category"]["enum"]
    assert "urgent" in schema["components"]["schemas"]["MessageOut"]["properties"]["priority"]["enum"]
    refused = client.get("/api/v1/priorities/", {"category": "parking"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "category"


def test_openapi_declares_bearer_auth_and_typed_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerToken"]["description"],
    }
    schemas = schema["components"]["schemas"]
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert {"bearerToken": []} in operation["security"]
            for status in ("400", "401", "403", "404"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert "detail" in schemas[ref.split("/")[-1]]["required"]


def test_docs_page_loads_everything_from_the_site(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
