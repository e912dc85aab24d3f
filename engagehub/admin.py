"""The service's admin site: every change made there, to any model, is audited, and only staff who pass
the one door (`organisations.decorators.refusal`: a second factor) may use it.

It replaces Django's default site (`engagehub.apps.AdminConfig` in INSTALLED_APPS), so every
`admin.site.register` and `@admin.register`, in our apps or in libraries, goes through `register` here.
"""

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest, HttpResponse

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
        """Sign in through the service's own sign-in (password and second factor)."""
        response: HttpResponse = secure_admin_login(super().login)(request, extra_context)
        return response
