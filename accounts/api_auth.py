"""API authentication: a personal token (`Authorization: Bearer <token>`) or the browser session.

Both pass the same door as the pages (`organisations.decorators.refusal`): a token is only as good as
its owner's standing now (switched off, a demo account while demo logins are off, or staff without a
second factor are refused).
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError

from accounts.models import ApiToken
from organisations.decorators import refusal

_SAFE = {"GET", "HEAD", "OPTIONS"}


def _no_view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - CsrfViewMiddleware needs a callable
    return HttpResponse()


def user_from_bearer(raw: str) -> Any | None:
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=ApiToken.hash_key(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _check_standing(user: Any) -> None:
    refused = refusal(user)
    if refused is None:
        return
    if refused.code == "second_factor":
        raise HttpError(403, refused.message)
    raise HttpError(401, refused.message)


class OptionalAuth:
    """Authenticate if credentials are given; let anonymous callers through to public endpoints.

    Each endpoint then checks what the caller may do, with the same rules as the pages.
    """

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, raw = header.partition(" ")
            if scheme.lower() != "bearer" or not raw.strip():
                raise AuthenticationError()
            user = user_from_bearer(raw.strip())
            if user is None:
                raise AuthenticationError()
            _check_standing(user)
            request.user = user
            return user
        user = getattr(request, "user", None) or AnonymousUser()
        if user.is_authenticated:
            _check_standing(user)
            if request.method not in _SAFE:
                # A browser session may change data only with the CSRF token, as on the pages.
                reason = CsrfViewMiddleware(_no_view).process_view(request, _no_view, (), {})
                if reason is not None:
                    raise HttpError(403, "CSRF check failed: send the X-CSRFToken header, or use an API token.")
        return user
