"""Who is calling the API: the person `accounts.api_auth.OptionalAuth` found by token or session, or AnonymousUser.

Every app's `api.py` asks it. It lives in core rather than beside the authentication in `accounts` because
organisations, which accounts builds on (its door applies organisations' rules), has an API too."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def api_user(request: HttpRequest) -> Any:
    """The caller: a user, or AnonymousUser."""
    return getattr(request, "auth", None) or getattr(request, "user", None) or AnonymousUser()
