"""How allauth treats our accounts: demo accounts only while demo logins are enabled; staff land in the workspace."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from organisations.decorators import DEMO_REFUSED, demo_refused
from organisations.scope import is_staff_member


class AccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None and demo_refused(user):
            raise forms.ValidationError(DEMO_REFUSED, code="demo_disabled")
        return user

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        # Covers every way in (password, emailed code): a demo account never gets a session when refused.
        if demo_refused(user):
            clear_login(request)
            messages.error(request, DEMO_REFUSED)
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if is_staff_member(request.user):
            return reverse("workspace:home")
        return super().get_login_redirect_url(request)
