"""View guards for the staff side: signed in, holding a capability, and with a second factor."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from organisations.scope import Capability, has_capability


def has_second_factor(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_satisfied(user: Any) -> bool:
    if not settings.STAFF_MFA_REQUIRED:
        return True
    if getattr(user, "is_demo", False) and settings.DEMO_LOGINS_ENABLED:
        return True
    return has_second_factor(user)


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
