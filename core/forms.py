"""GOV.UK Frontend rendering for Django forms: `{{ form }}` gives labelled, accessible fields."""

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates

_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
]


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def govuk_widget_class(widget: forms.Widget) -> str:
    for widget_type, css in _WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            return css
    return ""


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its GOV.UK class and mark invalid fields for assistive technology."""
    for name, field in form.fields.items():
        widget = field.widget
        css = govuk_widget_class(widget)
        existing = widget.attrs.get("class", "")
        if form.is_bound and name in form.errors:
            if css in {"govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"}:
                css = f"{css} {css}--error"
            widget.attrs["aria-invalid"] = "true"
        widget.attrs["class"] = f"{existing} {css}".strip()


class GovukFormMixin:
    """Mix into a Form or ModelForm to render it with GOV.UK Frontend classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        style_widgets(self)  # type: ignore[arg-type]


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
