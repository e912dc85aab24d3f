"""Every app holds its inputs to bounds in the model and in the database, not only in forms and schemas."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction

from core import audit, bounds
from core.forms import GovukForm
from core.models import AuditEntry
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

PROJECT_APPS = {
    "accounts",
    "activities",
    "alerts",
    "consultations",
    "core",
    "equality",
    "feedback",
    "funding",
    "groups",
    "organisations",
    "places",
    "plans",
    "priorities",
    "tension",
    "volunteers",
}
# Text the service writes itself (a whole rendered email), never typed by a person.
# Written by the system, never typed by a person: an email's body, a scheduled job's captured output.
SYSTEM_TEXT = {
    ("core", "OutboundEmail", "text"),
    ("core", "OutboundEmail", "html"),
    ("core", "ScheduledJob", "last_output"),
}


def _bounded_text_fields() -> list[tuple[str, str, str, bool]]:
    rows = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                key = (model._meta.app_label, model.__name__, field.name)
                if key in SYSTEM_TEXT:
                    continue
                has_validator = any(isinstance(v, MaxLengthValidator) for v in field.validators)
                rows.append((*key, has_validator))
    return rows


def test_every_text_a_person_types_has_a_maximum_in_the_model():
    unbounded = [f"{app}.{model}.{name}" for app, model, name, ok in _bounded_text_fields() if not ok]
    assert unbounded == []


def test_every_text_a_person_types_has_a_maximum_in_the_database():
    missing = []
    for app, model_name, name, _ok in _bounded_text_fields():
        model = apps.get_model(app, model_name)
        checked = {
            ref
            for constraint in model._meta.constraints
            if isinstance(constraint, models.CheckConstraint)
            for ref in [getattr(getattr(constraint.condition, "lhs", None), "source_expressions", [None])[0]]
            if ref is not None
        }
        if not any(getattr(ref, "name", None) == name for ref in checked):
            missing.append(f"{app}.{model_name}.{name}")
    assert missing == []


def test_the_database_refuses_an_over_long_audit_note():
    entry = audit.log(None, "test.noted", None)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(note="x" * (bounds.MAX_TEXT + 1))


def test_the_database_refuses_an_endless_send_attempt_count():
    email = OutboundEmail.objects.create(to="someone@example.test", subject="Hello", text="Hello")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk).update(attempts=10_000)


def test_full_clean_refuses_an_over_long_audit_note():
    entry = AuditEntry(action="test.noted", note="x" * (bounds.MAX_TEXT + 1))
    with pytest.raises(ValidationError) as raised:
        entry.full_clean()
    assert "note" in raised.value.message_dict


def test_writing_an_over_long_note_through_the_audit_log_keeps_the_first_part_instead_of_failing():
    entry = audit.log(None, "test.noted", None, note="y" * (bounds.MAX_TEXT + 50))
    entry.refresh_from_db()
    assert len(entry.note) == bounds.MAX_TEXT


class _Note(GovukForm):
    note = forms.CharField(required=False, widget=forms.Textarea)
    short = forms.CharField(required=False, max_length=10)


def test_a_form_text_without_a_declared_maximum_gets_the_free_text_maximum():
    form = _Note(data={"note": "x" * (bounds.MAX_TEXT + 1), "short": "ok"})
    assert not form.is_valid()
    assert "note" in form.errors and "short" not in form.errors
    assert _Note(data={"note": "x" * bounds.MAX_TEXT}).is_valid()
    assert _Note().fields["short"].max_length == 10
