"""The audience consultations give alerts (`core.registry.alert_audiences`): the people who answered a
consultation the sender may run or read and left an email address to hear back."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.registry import AudienceKind

from . import queries
from .models import Consultation


def in_reach(user: Any, scope: Any) -> list[tuple[int, str]]:
    return [(c.pk, str(c)) for c in queries.staff_consultations(user).order_by("-opens_at")[:500]]


def contacts(pk: int) -> list[tuple[str, str, str]]:
    consultation = Consultation.objects.filter(pk=pk).first()
    return queries.respondent_contacts(consultation) if consultation is not None else []


def describe(pk: int) -> str:
    consultation = Consultation.objects.filter(pk=pk).first()
    return f"People who answered “{consultation}”" if consultation is not None else ""


AUDIENCE = AudienceKind(
    kind="consultation",
    order=20,
    label=_("People who answered a consultation"),
    none_label=_("None"),
    help_text=_("Only those who left their contact details"),
    choices=in_reach,
    contacts=contacts,
    describe=describe,
    refused=_("You can only send to the respondents of consultations you run."),
    nobody="nobody who answered the consultation left an email address",
)
