"""When a response is deleted by any route (including with its consultation): the analysis tallies drop its
answers, and the respondent's equality answers filed under its subject key are deleted too."""

from typing import Any

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from equality.services import withdraw_answers

from . import tallies
from .models import Response


@receiver(pre_delete, sender=Response)
def uncount_response(sender: Any, instance: Response, **kwargs: Any) -> None:
    """The analysis tallies drop a deleted response's answers in the deleting transaction (before they go)."""
    tallies.remove_response(instance)


@receiver(post_delete, sender=Response)
def delete_response_equality(sender: Any, instance: Response, **kwargs: Any) -> None:
    withdraw_answers(subject_key=instance.subject_key)
