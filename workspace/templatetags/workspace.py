"""Template helpers for staff pages."""

from typing import Any

from django import template
from django.db import models
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context: dict[str, Any], obj: models.Model | None) -> str:
    """The history page of a record, or "" when the person may not read the audit log."""
    request = context.get("request")
    if obj is None or obj.pk is None or request is None or not request.user.has_perm("workspace.view_history", obj):
        return ""
    return reverse("workspace:history", args=[obj._meta.label, obj.pk])


@register.filter
def change_pair(value: Any, action: str) -> list[Any] | None:
    """[before, after] when an audit entry's value is a change; None when it is a value as created or added."""
    creation = any(word in action for word in ("creat", "record", "added", "import"))
    if not creation and isinstance(value, list) and len(value) == 2:
        return value
    return None


@register.filter
def join_if_list(value: Any) -> Any:
    """A list of values as one comma-separated line; anything else as it is."""
    if isinstance(value, list):
        return ", ".join("–" if v is None else str(v) for v in value)
    return value
