"""The Django admin for administrators: every change made there is written to the audit log.

Other apps register their models with `AuditedModelAdmin` so the admin is audited like the pages:

    from core.admin import AuditedModelAdmin

    @admin.register(Activity)
    class ActivityAdmin(AuditedModelAdmin):
        audit_exclude = ("secret_field",)
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from core import audit
from core.models import AuditEntry, Notification, OutboundEmail


def _m2m_snapshot(obj: models.Model) -> dict[str, Any]:
    if obj.pk is None:
        return {}
    return {f.name: sorted(str(o) for o in getattr(obj, f.name).all()) for f in obj._meta.many_to_many}


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin that records create, change (with a field diff) and delete in the audit log,
    in the admin's own transaction."""

    audit_exclude: tuple[str, ...] = ("password", "key_hash", "last_login")

    def audit_snapshot(self, obj: models.Model) -> dict[str, Any]:
        values = audit.snapshot(obj)
        values.update(_m2m_snapshot(obj))
        for name in self.audit_exclude:
            values.pop(name, None)
        return values

    def audit_action(self, obj: models.Model, verb: str) -> str:
        return f"{obj._meta.model_name}.{verb}"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                before = self.audit_snapshot(stored)
        request._eh_audit_before = (change, before)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        was_change, before = getattr(request, "_eh_audit_before", (change, {}))
        after = self.audit_snapshot(obj)
        if was_change:
            changes = audit.diff(before, after)
            if changes or any(f.has_changed() for f in formsets or []):
                audit.log(request.user, self.audit_action(obj, "changed"), obj, changes=changes, note="Django admin")
        else:
            audit.log(request.user, self.audit_action(obj, "created"), obj, changes=after, note="Django admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.log(
            request.user, self.audit_action(obj, "deleted"), obj, changes=self.audit_snapshot(obj), note="Django admin"
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit.log(
                request.user,
                self.audit_action(obj, "deleted"),
                obj,
                changes=self.audit_snapshot(obj),
                note="Django admin",
            )
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody may add, change or delete by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_repr", "content_type"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_label", "action", "object_repr", "object_id", "note"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "reason", "status", "attempts"]
    list_filter = ["status", "reason"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(AuditedModelAdmin):
    list_display = ["created_at", "user", "message", "kind", "read_at"]
    list_filter = ["kind"]
    search_fields = ["message", "user__email"]
    raw_id_fields = ["user"]


def _secure_admin_site() -> None:
    """Sign in to the admin through the service's own sign-in (password and second factor)."""
    from allauth.account.decorators import secure_admin_login

    site = admin.site
    if getattr(site, "_eh_secured", False):
        return
    site.login = secure_admin_login(site.login)  # type: ignore[method-assign]
    original = site.has_permission

    def has_permission(request: HttpRequest) -> bool:
        from organisations.decorators import mfa_satisfied

        return bool(original(request)) and mfa_satisfied(request.user)

    site.has_permission = has_permission  # type: ignore[method-assign]
    site._eh_secured = True  # type: ignore[attr-defined]


_secure_admin_site()
