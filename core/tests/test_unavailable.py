"""When the database cannot be reached, a request gets a 503 that says nothing was confirmed, never a 500."""

import pytest
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory

from core import views


def _answer(path: str, exc: Exception) -> tuple[int, str, str | None]:
    request = RequestFactory().post(path)
    try:
        raise exc
    except Exception:
        response = views.server_error(request)
    return response.status_code, response.content.decode(), response.get("Retry-After")


@pytest.mark.django_db
def test_a_lost_database_is_a_503_that_says_nothing_was_confirmed():
    status, html, retry = _answer("/alerts/subscribe/", OperationalError("server closed the connection"))
    assert status == 503
    assert retry == "60"
    assert "has not been confirmed" in html


def test_the_page_needs_no_database_to_say_so(monkeypatch):
    """The usual error page reads the session and menus from the database; when even that fails, a plain page."""

    def fails(*args, **kwargs):
        raise OperationalError("no connection")

    monkeypatch.setattr(views, "render", fails)
    status, html, _ = _answer("/wards/", OperationalError("no connection"))
    assert status == 503
    assert "has not been confirmed" in html and 'lang="en"' in html


def test_the_api_says_it_in_json():
    status, body, _ = _answer("/api/consultations/x/responses", OperationalError("gone"))
    assert status == 503
    assert '"detail"' in body


def test_a_cause_further_down_counts_and_other_faults_stay_500s():
    try:
        raise OperationalError("gone")
    except OperationalError as inner:
        outer = RuntimeError("while rendering")
        outer.__cause__ = inner
    assert views.database_unavailable(outer)
    assert not views.database_unavailable(IntegrityError("duplicate"))
    assert not views.database_unavailable(ValueError("bug"))
