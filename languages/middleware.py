"""Send each visitor to the language they chose, or their browser asks for on a first visit.

After Django's LocaleMiddleware (which reads the language from a `/pl/...` prefix and shows English at unprefixed
addresses): on a public page without a prefix, a language chosen with the switcher (the cookie), or else the
browser's `Accept-Language`, leads to the same page under that language's prefix, when that language is live.
A prefix on a route that is not public (staff, sign-in, API, feeds) or on a language not live is taken away.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

from languages import choices, routes
from languages.preference import preferred_language, strip_prefix, with_prefix


class PublicLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_eh_public_page", False):
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        in_path = get_language_from_path(request.path_info)
        public = routes.is_public(request.resolver_match)
        if in_path:
            if not public or not choices.is_live(in_path):
                return HttpResponseRedirect(strip_prefix(request.get_full_path(), in_path))
            return None
        if not public:
            return None
        request._eh_public_page = True  # type: ignore[attr-defined]
        if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
            return None
        wanted = preferred_language(request)
        if wanted and wanted != settings.LANGUAGE_CODE:
            response = HttpResponseRedirect(with_prefix(request.get_full_path(), wanted))
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response
        return None
