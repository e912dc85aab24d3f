"""Ward and borough pages made ahead of their visitors.

An area's public page and its content are kept in the cache for the area's page versions (a change shown there
makes new ones) and for ten minutes (`views.PAGE_TTL`: what is coming up moves on with time). Built for a visitor
from nothing, a page takes its ten queries and about 12 ms of CPU, some fifty times the service's lightest
page. So the pages are made here instead, by a task worker: after each change, for the areas it touched
(`after_change`), and every five minutes for all of London (the `prerender_area_pages` job), in each language of
`settings.AREA_PAGES_PRERENDER`. A visitor then finds the page kept, unless the cache was emptied or they come
in the moment between a change and its task.

A page is made by passing a request through the service's own middleware and view, in this process: an anonymous
visitor's GET, marked in its WSGI environment (which no HTTP request can set) so that the view builds the page
afresh instead of serving what is kept, then keeps it as it would for a visitor.
"""

import io
import logging
import sys
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host
from django.utils import translation

from core import pagecache
from places.models import Borough, Ward

MARK = "engagehub.prerender"
log = logging.getLogger(__name__)
_handler: BaseHandler | None = None


def requested(request: HttpRequest) -> bool:
    """Whether this request is making a page ahead of its visitors."""
    return bool(request.META.get(MARK))


def _middleware() -> BaseHandler:
    global _handler  # noqa: PLW0603 - the middleware chain is loaded once per process
    if _handler is None:
        _handler = BaseHandler()
        _handler.load_middleware()
    return _handler


def _environ() -> dict[str, Any] | None:
    """An anonymous visitor's GET (of "/": give PATH_INFO and a fresh wsgi.input) at the service's own address
    (SITE_URL); None if that address is not one the service answers to (ALLOWED_HOSTS)."""
    site = urlsplit(settings.SITE_URL)
    domain, port = split_domain_port(site.netloc)
    if not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": domain,
        "SERVER_PORT": port or ("443" if site.scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": site.netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        MARK: True,
    }
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        if site.scheme == "https":
            environ[header] = value
    return environ


def _areas(wards: Iterable[int], boroughs: Iterable[int], everywhere: bool) -> list[tuple[str, int, str]]:
    """(kind, id, address without a language) of each area."""
    ward_rows = Ward.objects.all() if everywhere else Ward.objects.filter(pk__in=list(wards))
    borough_rows = Borough.objects.all() if everywhere else Borough.objects.filter(pk__in=list(boroughs))
    return [
        *(("ward", pk, f"/wards/{code}/") for pk, code in ward_rows.order_by("pk").values_list("pk", "code")),
        *(("borough", pk, f"/boroughs/{code}/") for pk, code in borough_rows.order_by("pk").values_list("pk", "code")),
    ]


def make_pages(
    *,
    wards: Iterable[int] = (),
    boroughs: Iterable[int] = (),
    everywhere: bool = False,
    london_version: int | None = None,
    again: bool = False,
) -> int:
    """Make and keep the pages of these wards and boroughs (every one when `everywhere`) in each language of
    AREA_PAGES_PRERENDER; the number made. A page already kept for the area's current versions is left as it is
    (several changes to one area in a row make it once), unless `again` (the periodic round: what is coming up
    moves on with time). Given `london_version` (London's page version when the change was made), it stops once
    a later London-wide change has moved it on: that change's own task makes them again."""
    languages = list(settings.AREA_PAGES_PRERENDER)
    if not languages:
        return 0
    areas = _areas(wards, boroughs, everywhere)
    environ = _environ()
    if environ is None:
        log.warning("Pages are not made ahead: SITE_URL's host %s is not in ALLOWED_HOSTS.", settings.SITE_URL)
        return 0
    handler, made = _middleware(), 0
    with translation.override(translation.get_language()):  # whatever the pages activate is undone after
        for language in languages:
            prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
            for kind, pk, path in areas:
                if london_version is not None and london_version != current_london_version():
                    return made
                if not again and language in pagecache.kept(kind, pk, language, fresh=True)[1]:
                    continue
                # The response is not closed: closing ends a request (request_finished), which closes the
                # database connection this task is using.
                request = WSGIRequest({**environ, "PATH_INFO": prefix + path, "wsgi.input": io.BytesIO()})
                response = handler.get_response(request)
                if response.status_code == 200:
                    made += 1
                else:
                    log.warning("Making %s ahead of its visitors answered %s.", prefix + path, response.status_code)
    return made


def current_london_version() -> int:
    """London's page version now (for `make_pages`)."""
    return pagecache.version("all", 0)
