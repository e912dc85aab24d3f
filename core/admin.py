"""The admin's registrations for `core`; auditing is in `core.admin_audit`.

Every model registered with the admin is audited by the site (`engagehub.admin.AuditedAdminSite`), whatever
ModelAdmin it uses. `AuditedModelAdmin` stays importable from here for apps that subclass it:

    from core.admin import AuditedModelAdmin

    @admin.register(Activity)
    class ActivityAdmin(AuditedModelAdmin):
        audit_exclude = ("secret_field",)
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin_audit import AuditedModelAdmin
from core.models import AuditEntry, Notification, ScheduledJob

__all__ = ["AuditedModelAdmin"]


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


@admin.register(Notification)
class NotificationAdmin(AuditedModelAdmin):
    list_display = ["created_at", "user", "message", "kind", "read_at"]
    list_filter = ["kind"]
    search_fields = ["message", "user__email"]
    raw_id_fields = ["user"]


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    """The clock (settings.SCHEDULE): when each job last ran, how it went and when it runs next."""

    list_display = ["name", "last_started_at", "last_finished_at", "last_outcome", "next_run_at", "runs", "failures"]
    list_filter = ["last_outcome"]
    readonly_fields = [f.name for f in ScheduledJob._meta.fields]
