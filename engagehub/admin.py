"""The service's admin site: every change made there, to any model, is audited, and only staff who pass
the one door (`organisations.decorators.refusal`: a second factor) may use it.

It replaces Django's default site (`engagehub.apps.AdminConfig` in INSTALLED_APPS), so every
`admin.site.register` and `@admin.register`, in our apps or in libraries, goes through `register` here.
"""

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.admin_audit import audited
from organisations.decorators import refusal


class AuditedAdminSite(admin.AdminSite):
    site_header = "Engagement Hub administration"
    site_title = "Engagement Hub"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(super().has_permission(request)) and refusal(request.user) is None

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Sign in through the service's own sign-in (password and second factor), never the admin's form.

        Django's admin login form signs in with a password alone: shown to someone already signed in, it
        would let them become another account (an administrator) without that account's second factor.
        """
        return secure_admin_login(self._after_sign_in)(request)

    def _after_sign_in(self, request: HttpRequest) -> HttpResponse:
        if not self.has_permission(request):
            raise PermissionDenied("The administration is for administrators with a second factor.")
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index", current_app=self.name)
        return redirect(target)
