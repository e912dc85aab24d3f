"""Helpers for the GOV.UK versions of allauth's element templates."""

from typing import Any

from django import forms, template

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
