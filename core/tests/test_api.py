"""The API as a whole: JSON for every error, an honest OpenAPI description, bounded paging."""

import pytest
from django.test import Client

from accounts.services import create_api_token

pytestmark = pytest.mark.django_db


def _schema(client: Client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "/api/v1/docs" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/", "/api/v2/boroughs", "/api/v1", "/api/police-uk"])
def test_any_unknown_address_under_api_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.json()["detail"]


def test_a_slash_is_suggested_only_where_the_address_with_one_exists(client):
    for path in ("/api/nothing", "/api/v1/no-such-thing"):
        assert "ending in a slash" not in client.get(path).json()["detail"]


def test_api_path_without_its_slash_is_a_json_404_with_a_hint_not_a_redirect(client):
    for response in (client.get("/api/v1/activities"), client.post("/api/v1/activities", {}, "application/json")):
        assert response.status_code == 404
        assert "/api/v1/activities/" in response.json()["detail"]


def test_unsupported_method_is_a_json_405_with_allow(client):
    response = client.put("/api/v1/activities/", {}, content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert response.json()["detail"]


def test_openapi_declares_token_and_session_authentication(client):
    schema = _schema(client)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http", "scheme": "bearer"}
    assert schemes["sessionCookie"]["in"] == "cookie"
    assert schemes["csrfToken"] == {**schemes["csrfToken"], "in": "header", "name": "X-CSRFToken"}
    create = schema["paths"]["/api/v1/activities/"]["post"]
    assert {"sessionCookie": [], "csrfToken": []} in create["security"]
    assert {"bearerToken": []} in create["security"]


def test_every_operation_declares_its_error_answers(client):
    schema = _schema(client)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"400", "401", "403", "404"} <= declared, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in declared, (method, path)
            if operation.get("parameters"):
                assert "414" in declared, (method, path)
            if method != "get":
                assert "409" in declared, (method, path)


def test_a_bad_token_is_refused_with_json(client):
    response = client.get("/api/v1/account/me", HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/organisations/units", "/api/v1/groups/", "/api/v1/groups/meetings"])
@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page": -1}, {"page": 10**20}, {"limit": 0}, {"limit": 501}, {"limit": 10**20}]
)
def test_paging_out_of_bounds_is_refused(administrator, path, params):
    _token, raw = create_api_token(user=administrator, name="test")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(path, params)
    assert response.status_code == 422, (path, params, response.content)
    assert response.json()["errors"]


BIG = 10**20
OUT_OF_BOUNDS = [
    ("post", "/api/v1/alerts/messages", {"subject": "x" * 151, "body": "b"}, "subject"),
    ("post", "/api/v1/alerts/subscriptions", {"interests": ["crime"] * 101, "consent": True}, "interests"),
    ("post", "/api/v1/alerts/messages/1/send", {"send_at": "9999-12-31T23:59:00Z"}, "send_at"),
    (
        "post",
        "/api/v1/priorities/issues",
        {"category": "asb", "description": "d", "frequency": "once", "latitude": 1000},
        "latitude",
    ),
    ("post", "/api/v1/plans/any/actions", {"reference": "1", "description": "d", "budget": 1e300}, "budget"),
    (
        "post",
        "/api/v1/plans/any/actions",
        {"reference": "1", "description": "d", "sub_points": ["a"] * 1001},
        "sub_points",
    ),
    ("patch", "/api/v1/plans/actions/1", {"activities": [0]}, "activities.0"),
    ("post", "/api/v1/plans/actions/1/progress", {"narrative": "n", "reported_on": "9999-12-31"}, "reported_on"),
    ("post", "/api/v1/plans/", {"title": "t", "owner": "o", "summary": "s" * 20_001}, "summary"),
    (
        "post",
        "/api/v1/consultations/any/responses",
        {"answers": {str(i): "a" for i in range(1001)}, "idempotency_key": "12345678"},
        "answers",
    ),
    (
        "post",
        "/api/v1/organisations/units",
        {"name": "n", "kind": "partner", "description": "x" * 20_001},
        "description",
    ),
    ("get", "/api/v1/plans/any/report?as_of=0", None, "as_of"),
    ("get", "/api/v1/priorities/issues?date_to=0", None, "date_to"),
    ("get", f"/api/v1/priorities/issues?page={BIG}", None, "page"),
    ("get", "/api/v1/feedback/?page=-1", None, "page"),
    ("get", f"/api/v1/feedback/?limit={BIG}", None, "limit"),
    ("get", f"/api/v1/alerts/messages?page={BIG}", None, "page"),
    ("get", "/api/v1/wards?limit=100000", None, "limit"),
    ("get", "/api/v1/priorities/?category=nonsense", None, "category"),
    ("get", "/api/v1/activities/?date_from=9999-12-31", None, "date_from"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), OUT_OF_BOUNDS)
def test_out_of_bounds_input_is_a_422_naming_the_field(client, method, path, body, field):
    call = getattr(client, method)
    response = call(path, body, content_type="application/json") if body is not None else call(path)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize("body", ["[null, null]", "3", '"text"', "null"])
@pytest.mark.parametrize("path", ["/api/v1/activities/1", "/api/v1/plans/actions/1"])
def test_a_body_that_is_not_an_object_is_refused(administrator, path, body):
    _token, raw = create_api_token(user=administrator, name="test")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").patch(path, body, content_type="application/json")
    assert response.status_code == 422, response.content


def test_openapi_json_has_each_response_code_once(client):
    """A status declared by an operation and again by the shared error answers came out twice in the JSON, which
    the API docs page (Swagger UI parses JSON as YAML) refused to read."""
    import json

    def no_duplicate_keys(pairs: list) -> dict:
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicate_keys)


def test_every_api_schema_has_its_own_name():
    """Two apps' schemas called ConsultationOut shared one name in the OpenAPI document, so an activity's prior
    consultations were described as public consultations and a generated client rejected the answer."""
    import inspect

    from ninja import Schema

    from engagehub.api import api

    api.get_openapi_schema()  # every router imported
    seen: dict[str, str] = {}
    clashes = []

    def visit(cls: type) -> None:
        for sub in cls.__subclasses__():
            module = inspect.getmodule(sub)
            name = getattr(module, "__name__", "")
            if name.split(".")[0] in {"ninja", "pydantic"} or ".tests" in name:
                visit(sub)
                continue
            if sub.__name__ in seen and seen[sub.__name__] != name:
                clashes.append(f"{sub.__name__}: {seen[sub.__name__]} and {name}")
            seen.setdefault(sub.__name__, name)
            visit(sub)

    visit(Schema)
    assert clashes == []
