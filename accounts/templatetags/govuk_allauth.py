"""Helpers for the GOV.UK versions of allauth's element templates."""

from typing import Any

from django import forms, template
from django.conf import settings

from accounts.models import User
from core import registry
from core.forms import style_widgets

register = template.Library()


@register.simple_tag
def govuk_style(form: Any) -> str:
    """Give an allauth form's widgets their GOV.UK classes before its fields are rendered."""
    if isinstance(form, forms.BaseForm):
        style_widgets(form)
    return ""


@register.filter
def has_tag(tags: Any, name: str) -> bool:
    return bool(tags) and name in tags


@register.simple_tag
def demo_logins() -> list[tuple[str, str]]:
    """The demo accounts that exist, while demo logins are enabled (else an empty list)."""
    if not settings.DEMO_LOGINS_ENABLED:
        return []
    existing = set(User.objects.filter(is_demo=True).values_list("email", flat=True))
    return [(label, email) for label, email in registry.demo.sign_ins if email in existing]
