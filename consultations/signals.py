"""A respondent's equality answers go with their response: when a response is deleted by any route (including
with its consultation), the answers filed under its subject key are deleted too."""

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from equality.services import withdraw_answers

from .models import Response


@receiver(post_delete, sender=Response)
def delete_response_equality(sender: Any, instance: Response, **kwargs: Any) -> None:
    withdraw_answers(subject_key=instance.subject_key)
