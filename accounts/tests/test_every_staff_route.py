"""Every page outside the public site sends an anonymous visitor to sign in before it looks anything up.

A view whose guard slipped (a helper defined between a view and its decorators took them) answered with the
object lookup's 404 instead; a page added without a guard would answer 200. Either fails here.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from languages.routes import PUBLIC_ROUTES

# The public site, the sign-in pages, links from emails (signed tokens) and provider hooks: they guard themselves.
PUBLIC = PUBLIC_ROUTES | {  # the public pages, and:
    "activities:unit_calendar",
    "groups:paper",  # a public meeting's paper (the view checks it is public, or the reader's permission)
    "alerts:inbound_sms",
    "alerts:provider_events",
    "plans:report_download",
    "practice:top_ten",
    "practice:top_ten_quarter",
    "languages:choose",  # the language switcher: sets a cookie and redirects
    ":ward_calendar",
    ":borough_calendar",
    ":public_media",
    ":healthz",
    ":api_unknown",  # any other /api/ address: a JSON 404 (the API guards itself)
}
PUBLIC_NAMESPACES = ("website",)
SKIPPED_PREFIXES = ("admin/", "api/", "accounts/", "account/")  # the admin, the API and sign-in guard themselves


def _routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = p.namespace or namespace
            yield from _routes(p.url_patterns, prefix + str(p.pattern), inner)
        else:
            yield prefix + str(p.pattern), f"{namespace}:{p.name}", p


def _staff_routes() -> list[tuple[str, str, URLPattern]]:
    return [
        (route, name, p)
        for route, name, p in _routes(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES) and name not in PUBLIC and not name.startswith(PUBLIC_NAMESPACES)
    ]


def test_the_public_list_names_only_routes_that_exist():
    names = {name for _route, name, _p in _routes(get_resolver().url_patterns)}
    names |= {name.lstrip(":") for name in names}  # allauth's routes have no namespace: "account_login"
    assert PUBLIC - names == set()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_staff_route_asks_an_anonymous_visitor_to_sign_in_first(method):
    factory = RequestFactory()
    found = []
    routes = _staff_routes()
    assert len(routes) > 80
    for route, name, pattern in routes:
        kwargs: dict[str, Any] = {}
        for match in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
            kwargs[match.group(2)] = 1 if match.group(1) == "int" else "x"
        request = getattr(factory, method)("/" + route)
        request.user = AnonymousUser()
        request.session = {}  # type: ignore[assignment]
        request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
        try:
            response = pattern.callback(request, **kwargs)
        except Http404:
            found.append((name, "404 before any sign-in check"))
            continue
        location = response.get("Location", "")
        sent_to_sign_in = response.status_code == 302 and location.startswith("/accounts/login/")
        # 405: a POST-only or GET-only route refusing the method first (the other method is checked too)
        if not sent_to_sign_in and response.status_code != 405:
            found.append((name, f"{response.status_code} {location}"))
    assert found == []
