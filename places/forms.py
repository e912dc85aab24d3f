"""Form fields for places, answered from the places held in memory (places.reference) rather than a query."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

from places import reference
from places.models import Borough


class _Boroughs(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for borough in reference.borough_list():
            yield self.choice(borough)

    def __len__(self) -> int:
        return len(reference.borough_list()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return True


class BoroughField(forms.ModelChoiceField):
    """A borough chosen by its ONS code; its choices and the chosen borough cost no query."""

    iterator = _Boroughs

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Borough.objects.all(), to_field_name="code", **kwargs)

    def to_python(self, value: Any) -> Borough | None:
        if value in self.empty_values:
            return None
        found = reference.borough(str(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found
