"""Equality answers go with the person: when a member record is deleted by any route (including with its
group), their answers are deleted too. A signal catches cascades that a service call would miss."""

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from equality.services import withdraw_answers
from groups.models import JoinRequest, Member


@receiver(post_delete, sender=Member)
def delete_member_equality(sender: Any, instance: Member, **kwargs: Any) -> None:
    withdraw_answers(subject_key=instance.subject_key)


@receiver(post_delete, sender=JoinRequest)
def delete_request_equality(sender: Any, instance: JoinRequest, **kwargs: Any) -> None:
    if not Member.objects.filter(subject_key=instance.subject_key).exists():
        withdraw_answers(subject_key=instance.subject_key)
