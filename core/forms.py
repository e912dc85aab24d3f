"""GOV.UK Frontend rendering for Django forms: `{{ form }}` gives labelled, accessible fields.

Subclass `GovukForm` / `GovukModelForm`; every field is rendered as a GOV.UK form group with its label,
hint (help_text), error message and `aria-describedby`; checkboxes and radios in a fieldset. For dates use
`GovukDateField` (day, month and year boxes, as GOV.UK's date input), which cleans to a `datetime.date`.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import DjangoTemplates
from django.forms.utils import pretty_name
from django.utils.translation import gettext

from core import bounds
from core.errors import ServiceError

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


_FIELDSET_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


# WCAG 1.3.5: fields that ask for the person's own details say so, so browsers can fill them in.
AUTOCOMPLETE = {
    "name": "name",
    "full_name": "name",
    "display_name": "name",
    "contact_name": "name",
    "email": "email",
    "contact_email": "email",
    "phone": "tel",
    "contact_phone": "tel",
    "mobile": "tel",
    "postcode": "postal-code",
    "home_address": "street-address",
}


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its GOV.UK class and mark invalid fields for assistive technology."""
    # Reads `_errors`, never `errors`: asking for `errors` would validate the form before a subclass has finished
    # building its fields and choices, and valid input would then be rejected.
    errors = getattr(form, "_errors", None) or {}
    for name, field in form.fields.items():
        widget = field.widget
        invalid = name in errors
        if name in AUTOCOMPLETE and isinstance(widget, forms.widgets.Input) and not widget.is_hidden:
            widget.attrs.setdefault("autocomplete", AUTOCOMPLETE[name])
        auto_id = form[name].auto_id
        if not isinstance(widget, _FIELDSET_WIDGETS) and auto_id:
            # The fieldset carries aria-describedby for checkboxes and radios; other widgets carry it themselves.
            described = [f"{auto_id}-hint"] if field.help_text else []
            if invalid:
                described.append(f"{auto_id}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)
        if invalid:
            widget.attrs["aria-invalid"] = "true"
        else:
            widget.attrs.pop("aria-invalid", None)
        if isinstance(widget, GovukDateInput):
            continue  # styles its own day, month and year boxes
        css = govuk_widget_class(widget)
        classes = [c for c in widget.attrs.get("class", "").split() if not c.endswith("--error") and c != css]
        if invalid and css in {"govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"}:
            classes += [css, f"{css}--error"]
        elif css:
            classes.append(css)
        widget.attrs["class"] = " ".join(classes)


class GovukDateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes in one widget (sub-fields `<name>_day` etc.)."""

    template_name = "core/forms/date_input.html"
    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part, _, _ in self.PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        invalid = context["widget"]["attrs"].get("aria-invalid") == "true"
        for sub, (_part, label, width) in zip(context["widget"]["subwidgets"], self.PARTS, strict=True):
            css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            sub["attrs"]["class"] = f"{css} govuk-input--error" if invalid else css
            sub["attrs"].pop("aria-describedby", None)  # the fieldset describes the group
            sub["label"] = label
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages. Cleans to `datetime.date`."""

    widget = GovukDateInput

    def __init__(self, *, label_for_errors: str = "The date", **kwargs: Any) -> None:
        self.what = label_for_errors
        error_messages = {
            "required": f"Enter {self.what[0].lower()}{self.what[1:]}",
            **kwargs.pop("error_messages", {}),
        }
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, require_all_fields=False, error_messages=error_messages, **kwargs)
        for sub in self.fields:
            sub.required = False

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list:
            return None
        parts = [str(v or "").strip() for v in data_list] + [""] * (3 - len(data_list))
        if not any(parts):
            return None
        missing = [name for (name, _, _), value in zip(GovukDateInput.PARTS, parts, strict=True) if not value]
        if missing:
            raise forms.ValidationError(f"{self.what} must include a {' and '.join(missing)}", code="incomplete")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"{self.what} must be a real date", code="invalid") from None


def _default_required() -> str:
    """Django's generic message, in the language of this request."""
    return str(forms.Field.default_error_messages["required"])


def required_message(field: forms.Field, name: str = "") -> str:
    """'This field is required.' names nobody's field: say which, in the words of its label."""
    label = str(field.label or pretty_name(name)).strip().rstrip(":")
    if not label:
        return _default_required()
    if label.endswith("?"):
        return gettext("Answer the question ‘%(label)s’") % {"label": label}
    widget = field.widget
    what = label[0].lower() + label[1:] if label[1:2].islower() or len(label) == 1 else label
    if isinstance(widget, forms.CheckboxInput):
        return gettext("Tick ‘%(label)s’ to go on") % {"label": label}
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.Select):
        return gettext("Select %(what)s") % {"what": what}
    if isinstance(widget, forms.FileInput):
        return gettext("Choose a file for %(what)s") % {"what": what}
    return gettext("Enter %(what)s") % {"what": what}


def name_required_fields(form: forms.BaseForm) -> None:
    """Give each required field whose message is Django's generic one a message that names the field."""
    for name, field in form.fields.items():
        if str(field.error_messages.get("required")) == _default_required():
            field.error_messages = {**field.error_messages, "required": required_message(field, name)}


def error_target(bound_field: forms.BoundField) -> str:
    """The id of the first input of a field, where an error summary link must lead."""
    widget = bound_field.field.widget
    auto_id = bound_field.auto_id or ""
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple) and auto_id:
        return f"{auto_id}_0"
    return bound_field.id_for_label or auto_id


def bound_free_text(form: forms.BaseForm) -> None:
    """Give every text field that declares no maximum the one free text has everywhere (`core.bounds`), so a
    form is refused with the field named before a service writes text the database will not hold."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = bounds.MAX_TEXT
            field.validators.append(MaxLengthValidator(bounds.MAX_TEXT))


def error_summary_text(bound_field: forms.BoundField, error: Any) -> str:
    """An error as the error summary lists it: naming its field, unless the message already does.

    A field may carry `error_name` when its label is not the question (a ranking's boxes are labelled by option)."""
    name = str(getattr(bound_field.field, "error_name", "") or bound_field.label or "").strip().rstrip(":")
    message = str(error)
    if not name or name.lower() in message.lower():
        return message
    return f"{name} {message}" if name.endswith("?") else f"{name}: {message}"


class GovukFormMixin:
    """Mix into a Form or ModelForm to render it with GOV.UK Frontend classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_free_text(self)  # type: ignore[arg-type]
        style_widgets(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        name_required_fields(self)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]
        style_widgets(self)  # type: ignore[arg-type]

    def add_error(self, field: str | None, error: Any) -> None:
        """Views add a service's message after validation: mark the field invalid then too."""
        super().add_error(field, error)  # type: ignore[misc]
        style_widgets(self)  # type: ignore[arg-type]


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


def add_service_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a service's refusal on the form: beside its field when the form has one, otherwise above it."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
