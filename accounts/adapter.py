"""How allauth treats our accounts: demo accounts only while demo logins are enabled; staff land in the workspace;
second-factor secrets are encrypted at rest and staff cannot switch their second factor off; an account keeps the
language it was made in, and its emails go out in the account's language."""

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
from django.utils import translation

from accounts import crypto
from core.ratelimit import client_ip
from languages import choices
from languages.preference import strip_prefix, with_prefix
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

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # The language of the sign-up page is the account's until they choose another (the switcher).
        user.language = choices.stored(translation.get_language())
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every account email (address check, password reset, sign-in code, notices) in the account's language,
        else the language of the page that asked for it, with its links in that language."""
        user = context.get("user")
        chosen = getattr(user, "language", "") if user is not None else ""
        language = choices.site_language(chosen or translation.get_language())
        with translation.override(language):
            super().send_mail(template_prefix, email, {**context, **_links_in(context, language)})

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if is_staff_member(request.user):
            return reverse("workspace:home")
        return super().get_login_redirect_url(request)


def _links_in(context: dict[str, Any], language: str) -> dict[str, str]:
    """The context's links (`activate_url`, `password_reset_url`, ...) moved to `language`'s address."""
    moved = {}
    for key, value in context.items():
        if not key.endswith("_url") or not isinstance(value, str):
            continue
        scheme, sep, rest = value.partition("://")
        host, _slash, path = rest.partition("/") if sep else ("", "", value.lstrip("/"))
        path = "/" + path
        current = translation.get_language_from_path(path)
        path = with_prefix(strip_prefix(path, current) if current else path, language)
        moved[key] = f"{scheme}://{host}{path}" if sep else path
    return moved


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff keep their second factor; an administrator can remove a lost one in the admin (audited).
        return not second_factor_required(authenticator.user)
