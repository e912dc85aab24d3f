"""Template helpers shared by every app."""

from typing import Any

from django import forms, template
from django.http import QueryDict

register = template.Library()


@register.filter
def widget_type(bound_field: forms.BoundField) -> str:
    return bound_field.field.widget.__class__.__name__.lower()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (for pagination and sorting links)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def percent(part: float | int | None, whole: float | int | None) -> str:
    if not whole or part is None:
        return "–"
    return f"{100 * part / whole:.1f}%"


@register.filter
def is_current(url: str, path: str) -> bool:
    """Whether a menu link points at the page being shown (or, except the home page, a page below it)."""
    if not url or not path:
        return False
    return path == url or (url != "/" and path.startswith(url.rstrip("/") + "/"))
