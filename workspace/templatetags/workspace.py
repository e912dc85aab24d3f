"""Template helpers for staff pages."""

from typing import Any

from django import template
from django.db import models
from django.urls import reverse

from organisations.scope import Capability, has_capability

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context: dict[str, Any], obj: models.Model | None) -> str:
    """The history page of a record, or "" when the person may not read the audit log."""
    request = context.get("request")
    if obj is None or obj.pk is None or request is None or not has_capability(request.user, Capability.VIEW_AUDIT):
        return ""
    return reverse("workspace:history", args=[obj._meta.label, obj.pk])
