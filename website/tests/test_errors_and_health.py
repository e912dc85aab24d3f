"""Branded error pages (JSON under /api/) and the health check."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "website.tests.error_urls"


@pytest.fixture
def quiet_client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/forbidden/", 403, "You cannot do this"),
        ("/suspicious/", 400, "Sorry, there is a problem with your request"),
        ("/broken/", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_use_the_branded_template(quiet_client, failing_urls, path, status, title):
    response = quiet_client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in html
    assert 'class="govuk-header"' in html
    assert 'class="govuk-footer"' in html
    assert f"<title>{title} – Engagement Hub</title>" in html


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/no-such-thing/", 404), ("/api/forbidden/", 403), ("/api/suspicious/", 400), ("/api/broken/", 500)],
)
def test_errors_under_the_api_are_json(quiet_client, failing_urls, path, status):
    response = quiet_client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert isinstance(response.json()["detail"], str)


def test_healthz_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_database_with_503(client, db):
    # Mocked: making the test database itself unreachable would break the rest of the test run.
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable", "detail": "OperationalError"}
