"""The one door for the staff side, and the view guard built on it.

Every way in asks `refusal(user)`: pages (through `accounts.middleware.OneDoorMiddleware` and
`staff_required`), the API by session or token (`accounts.api_auth`), the Django admin and token
creation. A person who works for the service (a current post, or an administrator of the admin site)
must have a second factor; a demo account is refused while demo logins are off; a switched-off
account is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from organisations.scope import Capability, has_capability, is_staff_member, known_second_factor

DEMO_REFUSED = (
    "Demo accounts are switched off on this site. Demo logins only work on a demonstration copy "
    "(with DEBUG on, or DEMO_LOGINS_ENABLED set)."
)
INACTIVE_REFUSED = "This account is switched off. Ask an administrator if you need access."
SECOND_FACTOR_NEEDED = (
    "Set up an authenticator app (a second factor) before you use the staff side of the service, "
    "its API or its API tokens."
)


@dataclass(frozen=True)
class Refusal:
    """Why the door stays shut: `code` is one of "inactive", "demo" or "second_factor"."""

    code: str
    message: str


def has_second_factor(user: Any) -> bool:
    known = known_second_factor(user)  # read with the person's posts earlier in this request
    if known is not None:
        return known
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def works_for_service(user: Any) -> bool:
    """Staff of the service: a current post, or access to the Django admin."""
    return bool(user.is_staff or user.is_superuser) or is_staff_member(user)


def demo_refused(user: Any) -> bool:
    return bool(getattr(user, "is_demo", False)) and not settings.DEMO_LOGINS_ENABLED


def second_factor_required(user: Any) -> bool:
    if not settings.STAFF_MFA_REQUIRED:
        return False
    if getattr(user, "is_demo", False) and settings.DEMO_LOGINS_ENABLED:
        return False
    return works_for_service(user)


def mfa_satisfied(user: Any) -> bool:
    return not second_factor_required(user) or has_second_factor(user)


def refusal(user: Any) -> Refusal | None:
    """Why a signed-in person (or a token's owner) may not act now, or None if they may."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not user.is_active:
        return Refusal("inactive", INACTIVE_REFUSED)
    if demo_refused(user):
        return Refusal("demo", DEMO_REFUSED)
    if not mfa_satisfied(user):
        return Refusal("second_factor", SECOND_FACTOR_NEEDED)
    return None


def staff_required(
    capability: Capability = Capability.WORKSPACE,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Allow signed-in staff who hold `capability` somewhere and have enrolled a second factor."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(user, capability):
                raise PermissionDenied("Your role does not allow this. Ask an administrator if you need access.")
            if not mfa_satisfied(user):
                messages.info(request, "Set up an authenticator app before you use the staff workspace.")
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
