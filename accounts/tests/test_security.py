"""Headers every page sends: CSP without inline script, and the usual secure headers."""

from typing import Any


def test_csp_forbids_inline_script_and_style(client: Any, db: Any) -> None:
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip() for d in [d.strip()]}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_pages_send_secure_headers(client: Any, db: Any) -> None:
    response = client.get("/accounts/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_login_form_needs_csrf_token(db: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.test", "password": "x"})
    assert response.status_code == 403


def test_session_cookie_is_http_only(settings: Any) -> None:
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
