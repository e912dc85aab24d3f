"""Form fields for places, answered from the places held in memory (places.reference) rather than a query, and
wards typed by name or ONS code."""

import re
from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

from places import reference
from places.models import Borough, Ward


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


def wards_text(wards: Any) -> str:
    """Wards as `parse_wards` reads them back: "Name (Borough)", separated by commas."""
    return ", ".join(f"{w.name} ({w.borough.name})" for w in wards)


def parse_wards(text: str) -> list[Ward]:
    """Wards from comma- or line-separated ONS codes or names; a clear error for any that is unknown."""
    out: list[Ward] = []
    unknown: list[str] = []
    for raw in re.split(r"[,;\n]", text or ""):
        token = raw.strip()
        if not token:
            continue
        if re.fullmatch(r"[EeWwSs]\d{8}", token):
            ward = Ward.objects.filter(code=token.upper()).first()
            if ward is None:
                unknown.append(token)
                continue
        else:
            name, _, borough = token.partition("(")
            matches = Ward.objects.filter(name__iexact=name.strip())
            if borough:
                matches = matches.filter(borough__name__iexact=borough.rstrip(")").strip())
            found = list(matches.select_related("borough")[:2])
            if not found:
                unknown.append(token)
                continue
            if len(found) > 1:
                raise forms.ValidationError(
                    f"“{token}” is the name of wards in more than one borough: add the borough in brackets, "
                    f"like “{found[0].name} ({found[0].borough.name})”, or use the ward code."
                )
            ward = found[0]
        if ward not in out:
            out.append(ward)
    if unknown:
        raise forms.ValidationError(f"Unknown ward code or name: {', '.join(unknown)}.")
    return out
