"""How allauth treats our accounts: demo accounts only while demo logins are enabled; staff land in the workspace;
second-factor secrets are encrypted at rest and staff cannot switch their second factor off."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts import crypto
from core.ratelimit import client_ip
from organisations.decorators import DEMO_REFUSED, demo_refused, second_factor_required
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

    def get_client_ip(self, request: HttpRequest) -> str:
        # X-Forwarded-For only from TRUSTED_PROXIES, as for every other limit.
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed sign-ins per "key": make it the account at this client, so failures from
        # one client never lock the account for its owner elsewhere (allauth 65 calls this for the
        # login_failed limit and clears it after a password reset).
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}@{client_ip(request)}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if is_staff_member(request.user):
            return reverse("workspace:home")
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff keep their second factor; an administrator can remove a lost one in the admin (audited).
        return not second_factor_required(authenticator.user)
