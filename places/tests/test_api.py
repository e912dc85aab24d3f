"""API v1 for places: boroughs, wards, postcodes; clear JSON errors and never a 500."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from core.errors import Conflict, NotAllowed, ServiceError
from engagehub.api import api
from places.models import Ward

pytestmark = pytest.mark.django_db

LEWISHAM = "E09000023"


def test_boroughs_list_all_33_with_command_unit_population_and_links(client, london):
    response = client.get("/api/v1/boroughs")
    assert response.status_code == 200
    boroughs = {b["code"]: b for b in response.json()["results"]}
    assert len(boroughs) == 33
    lewisham = boroughs[LEWISHAM]
    assert lewisham["name"] == "Lewisham"
    assert lewisham["command_unit"] == {"number": 4, "name": "South East"}
    assert lewisham["police_force"] == "Metropolitan Police Service"
    assert lewisham["ward_count"] == 19
    assert lewisham["population"] > 250_000
    assert lewisham["links"]["html"] == f"http://testserver/boroughs/{LEWISHAM}/"
    assert lewisham["links"]["wards"] == f"http://testserver/api/v1/wards?borough={LEWISHAM}"
    assert boroughs["E09000001"]["command_unit"] is None


def test_one_borough_by_code(client, london):
    response = client.get(f"/api/v1/boroughs/{LEWISHAM.lower()}")
    assert response.status_code == 200
    assert response.json()["name"] == "Lewisham"


def test_wards_of_a_borough(client, lewisham):
    response = client.get("/api/v1/wards", {"borough": LEWISHAM})
    assert response.status_code == 200
    wards = response.json()["results"]
    assert len(wards) == 19
    assert {w["borough_code"] for w in wards} == {LEWISHAM}
    assert "Catford South" in {w["name"] for w in wards}


def test_all_wards_without_a_borough(client, london):
    assert client.get("/api/v1/wards").json()["count"] == 704


def test_wards_of_an_unknown_borough_is_a_404_saying_so(client, london):
    response = client.get("/api/v1/wards", {"borough": "E09999999"})
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no London borough with the code E09999999."}


def test_wards_with_a_badly_shaped_borough_code_is_a_422_saying_so(client, london):
    response = client.get("/api/v1/wards", {"borough": "Lewisham"})
    assert response.status_code == 422
    assert response.json() == {"detail": "A borough code is an ONS code like E09000023."}


def test_ward_with_borough_population_and_team_contact(client, ward, ward_team):
    response = client.get(f"/api/v1/wards/{ward.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Catford South"
    assert body["borough"]["code"] == LEWISHAM
    assert body["population"] == ward.population
    assert body["neighbourhood_team"]["name"] == ward_team.name
    assert body["neighbourhood_team"]["email"] == ward_team.email
    assert body["links"]["feed"] == f"http://testserver/wards/{ward.code}/feed.atom"


def test_ward_without_a_team_says_so_with_null(client, ward):
    assert client.get(f"/api/v1/wards/{ward.code}").json()["neighbourhood_team"] is None


def test_unknown_ward_is_a_404_saying_so(client, london):
    response = client.get("/api/v1/wards/E05999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no London ward with the code E05999999."


def test_postcode_gives_ward_and_borough(client, london):
    response = client.get("/api/v1/postcodes/se6 4ru")
    assert response.status_code == 200
    body = response.json()
    assert body["postcode"] == "SE6 4RU"
    assert body["ward"]["name"] == Ward.objects.get(postcodes__postcode="SE64RU").name
    assert body["borough"]["name"] == "Lewisham"
    assert body["source"] == "local"


@pytest.mark.parametrize(
    ("postcode", "status", "code"),
    [
        ("not-a-postcode", 400, "not_a_postcode"),
        ("M1 1AE", 400, "outside_london"),
        ("SE13 9ZZ", 404, "unknown"),
    ],
)
def test_postcode_errors_are_json_with_a_clear_message(client, london, postcode, status, code):
    response = client.get(f"/api/v1/postcodes/{postcode}")
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["field"] == "postcode"
    assert body["detail"].endswith(".")


ODD = [
    "",
    " ",
    "%00",
    "%20%20",
    "E09",
    "e090000231",
    "E05%0A013721",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "..%2F..%2Fetc%2Fpasswd",
    "%F0%9F%92%A9",
    "%FF%FE",
    "x" * 300,
    "SE6%204RU%00",
    "ＳＥ６４ＲＵ",
    "1e309",
    "null",
]


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/boroughs/{}",
        "/api/v1/wards?borough={}",
        "/api/v1/wards/{}",
        "/api/v1/postcodes/{}",
    ],
)
def test_no_odd_input_gives_a_500(client, london, template, odd):
    response = client.get(template.format(odd))
    assert response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")
    if response.status_code >= 400:
        assert isinstance(response.json()["detail"], str)


def test_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_unknown_api_token_is_a_json_401(client, london):
    response = client.get("/api/v1/boroughs", HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert response.status_code == 401
    assert response.json() == {"detail": "The API token is missing, unknown, expired or revoked."}


def test_openapi_documents_the_places_endpoints_and_their_schemas(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in ["/api/v1/boroughs", "/api/v1/wards", "/api/v1/wards/{code}", "/api/v1/postcodes/{postcode}"]:
        assert path in paths, path
    schemas = spec["components"]["schemas"]
    for name in ["BoroughOut", "WardSummaryOut", "WardOut", "PostcodeOut", "ErrorOut", "TeamOut"]:
        assert name in schemas, name
    assert set(paths["/api/v1/postcodes/{postcode}"]["get"]["responses"]) >= {"200", "400", "404"}
    assert schemas["BoroughOut"]["properties"]["population"]["description"] == "Census 2021 usual residents"


# The global error handlers of engagehub/api.py, called as the API calls them.
def _handled(exc: Exception) -> tuple[int, dict[str, Any]]:
    import json

    request = RequestFactory().get("/api/v1/anything")
    response = api.on_exception(request, exc)
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize(
    ("exc", "status", "detail"),
    [
        (ServiceError("Enter a title.", field="title"), 400, "Enter a title."),
        (NotAllowed(), 403, "You do not have permission to do that."),
        (Conflict("Already done."), 409, "Already done."),
        (ValidationError(["First.", "Second."]), 400, "First.; Second."),
        (Http404("No such group."), 404, "No such group."),
        (Http404(), 404, "Not found."),
        (PermissionDenied(), 403, "You do not have permission to do that."),
        (HttpError(418, "Short and stout."), 418, "Short and stout."),
    ],
)
def test_global_api_error_handlers_give_json_detail_and_status(exc, status, detail):
    assert _handled(exc)[0] == status
    assert _handled(exc)[1]["detail"] == detail


def test_global_api_service_error_handler_names_the_field_and_code():
    _, body = _handled(ServiceError("Enter a title.", field="title", code="required"))
    assert body == {"detail": "Enter a title.", "code": "required", "field": "title"}


def test_global_api_validation_handler_summarises_fields():
    exc = NinjaValidationError([{"loc": ("query", "limit"), "msg": "Input should be a valid integer"}])
    status, body = _handled(exc)
    assert status == 422
    assert body["detail"] == "limit: Input should be a valid integer"
    assert body["errors"] == [{"field": "limit", "message": "Input should be a valid integer"}]
