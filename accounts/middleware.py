"""The one door for signed-in sessions: every page, the API by session, the admin and every export.

Runs after authentication. A demo account while demo logins are off is signed out. Staff without a
second factor reach only the sign-in pages (to set one up, or to sign out): the API answers 403 and
any other page sends them to set one up. Staff sessions end after `STAFF_SESSION_IDLE_MINUTES`
without a request.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

from organisations.decorators import refusal, works_for_service

LAST_SEEN_KEY = "eh_last_seen"
# Write the last-seen time at most this often, so every request does not rewrite the session.
_TOUCH_EVERY_SECONDS = 60


def _is_api(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and "api" in match.namespaces)


def _is_sign_in_page(view_func: Callable[..., Any]) -> bool:
    """allauth's pages: sign in and out, confirm a password, set up a second factor."""
    module = getattr(view_func, "__module__", "") or ""
    return module.startswith("allauth.")


def _go(request: HttpRequest, response: HttpResponse, url: str) -> HttpResponse:
    # An htmx request would swap the next page into a fragment: tell htmx to load it as a whole page.
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else response


def _idle_expired(request: HttpRequest) -> bool:
    """True (and the session ended) when a staff session has been idle too long; else note this request."""
    now = time.time()
    last = request.session.get(LAST_SEEN_KEY)
    limit = settings.STAFF_SESSION_IDLE_MINUTES * 60
    if isinstance(last, int | float) and limit > 0 and now - last > limit:
        return True
    if not isinstance(last, int | float) or now - last >= _TOUCH_EVERY_SECONDS:
        request.session[LAST_SEEN_KEY] = now
    return False


class OneDoorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        refused = refusal(user)
        if refused is not None and refused.code != "second_factor":
            logout(request)
            messages.error(request, refused.message)
            return None
        if works_for_service(user) and _idle_expired(request):
            logout(request)
            minutes = settings.STAFF_SESSION_IDLE_MINUTES
            messages.info(request, f"You were signed out after {minutes} minutes without activity. Sign in again.")
            if _is_api(request):
                return None
            response = redirect_to_login(request.get_full_path())
            return _go(request, response, response["Location"])
        if refused is None:
            # Staff through the door are not counted by the public rate limit (core.ratelimit).
            request.eh_staff = works_for_service(user)  # type: ignore[attr-defined]
            return None
        if _is_sign_in_page(view_func):
            return None
        if _is_api(request):
            return JsonResponse({"detail": refused.message, "code": refused.code}, status=403)
        messages.info(request, refused.message)
        url = resolve_url("mfa_activate_totp")
        return _go(request, HttpResponseRedirect(url), url)
