"""When the database cannot be reached, a request gets a 503 that says nothing was confirmed, never a 500."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError, IntegrityError, OperationalError
from django.http import HttpResponse
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


@pytest.mark.django_db
def test_a_session_the_database_could_not_save_is_a_503_not_a_400(monkeypatch):
    """Django turns a session it could not save into a "bad request" (SessionInterrupted): when the database
    dropped the connection, the visitor is told nothing was confirmed, as for any other lost database."""

    def save(self, must_create=False):  # as Django's database session fails when the connection drops
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except DatabaseError:
            raise UpdateError  # noqa: B904 - chained by context, as Django's is

    def view(request):
        request.session["answered"] = 1
        return HttpResponse("ok")

    monkeypatch.setattr(SessionStore, "save", save)
    request = RequestFactory().post("/consultations/x/answer/")
    with pytest.raises(SessionInterrupted) as caught:
        SessionMiddleware(view)(request)
    response = views.bad_request(request, caught.value)
    assert response.status_code == 503
    assert "has not been confirmed" in response.content.decode()
    assert views.bad_request(request, SessionInterrupted("deleted by another request")).status_code == 400
