"""The admin's view of the outboxes: read-only (staff resend from the outbox pages, which audit it)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from notifications.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "reason", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "reason"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
