from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts import services
from accounts.models import ApiToken, User
from core.admin import AuditedModelAdmin
from organisations.scope import is_staff_member


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_superuser", "is_demo", "last_login"]
    list_filter = ["is_active", "is_superuser", "is_demo"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("display_name", "first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "is_demo", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    # Deleting a person here is the same erasure as deleting their own account: every part of the service
    # erases its records and the audit log keeps a reference, not a snapshot of their details.
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.delete_account(obj, keep_staff_audit=is_staff_member(obj), note="Deleted in the Django admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            self.delete_model(request, user)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    search_fields = ["name", "user__email", "key_prefix"]
    readonly_fields = ["user", "name", "key_prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are created by their owner, shown once

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            services.revoke_api_token(token, by=request.user)


# allauth's own admin shows and edits an authenticator's `data` (the secret): replace it.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AuditedModelAdmin):
    """Who has which second factor. Secrets are never shown or editable; a lost one can be removed (audited)."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = ("user", "type", "created_at", "last_used_at")
    audit_exclude = ("data",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
