"""How allauth treats our accounts: demo accounts only while demo logins are enabled; staff land in the workspace."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

DEMO_REFUSED = (
    "Demo accounts are switched off on this site. Demo logins only work on a demonstration copy "
    "(with DEBUG on, or DEMO_LOGINS_ENABLED set)."
)


def demo_login_refused(user: Any) -> bool:
    return bool(getattr(user, "is_demo", False)) and not settings.DEMO_LOGINS_ENABLED


class AccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None and demo_login_refused(user):
            raise forms.ValidationError(DEMO_REFUSED, code="demo_disabled")
        return user

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        # Covers every way in (password, emailed code): a demo account never gets a session when refused.
        if demo_login_refused(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            messages.error(request, DEMO_REFUSED)
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        from organisations.scope import is_staff_member

        if is_staff_member(request.user):
            return reverse("workspace:home")
        return super().get_login_redirect_url(request)
