"""What the tension records share: the protective marking and the checks on levels and text."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core import bounds
from tension import scale

MARKING = "OFFICIAL-SENSITIVE"


def text_check(field: str, model: str) -> models.CheckConstraint:
    return bounds.text_within(field, f"tension_{model}_{field}_length")


def level_check(field: str, model: str, nullable: bool = False) -> models.CheckConstraint:
    condition = models.Q(**{f"{field}__gte": scale.MIN_LEVEL, f"{field}__lte": scale.MAX_LEVEL})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"tension_{model}_{field}_on_scale",
        violation_error_message=f"Give a level on the scale: {scale.SCALE_TEXT}.",
    )


def level_validators() -> list[Any]:
    message = f"Give a level on the scale: {scale.SCALE_TEXT}."
    return [MinValueValidator(scale.MIN_LEVEL, message), MaxValueValidator(scale.MAX_LEVEL, message)]
