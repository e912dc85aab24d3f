"""What feedback adds to shared pages: the workspace card; personal data of people who asked to hear back."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from core import registry, retention
from core.personal import Identifiers
from core.tally import CountOf
from feedback import permissions, queries
from feedback.models import Participant


def card(request: Any) -> dict[str, Any] | None:
    if not permissions.publishes_feedback(request.user):
        return None
    records = permissions.editable_records(request.user)
    return {
        "owed": CountOf(queries.with_state(records, "owed")),
        "overdue": CountOf(queries.with_state(records, "overdue")),
    }


def export_personal(user: Any) -> list[dict[str, Any]]:
    if not user.email:
        return []
    return [
        {"record": p.record.title, "email": p.email, "phone": p.phone, "name": p.name, "source": p.source}
        for p in Participant.objects.filter(email__iexact=user.email).select_related("record")
    ]


def _contacted(identifiers: Identifiers) -> Any:
    terms = list(identifiers.terms)
    return Participant.objects.filter(Q(email__in=terms) | Q(phone__in=terms))


def find_personal(identifiers: Identifiers) -> list[dict[str, Any]]:
    return [
        {"record": p.record.title, "email": p.email, "phone": p.phone, "name": p.name, "source": p.source}
        for p in _contacted(identifiers).select_related("record")
    ]


def forget_personal(identifiers: Identifiers, reference: str) -> int:
    return int(_contacted(identifiers).delete()[0])


def erase_personal(user: Any) -> int:
    if not user.email:
        return 0
    return Participant.objects.filter(email__iexact=user.email).delete()[0]


def expire_participants(now: Any) -> int:
    """Forget people told what was done longer ago than FEEDBACK_CONTACT_RETENTION_DAYS, and people never
    told who took part longer ago than FEEDBACK_CONTACT_MAX_DAYS."""
    told = Q(last_told_at__lt=retention.cutoff(now, "FEEDBACK_CONTACT_RETENTION_DAYS"))
    waited = Q(created_at__lt=retention.cutoff(now, "FEEDBACK_CONTACT_MAX_DAYS"))
    return Participant.objects.filter(told | waited).delete()[0]


def register_records() -> None:
    registry.personal_records.add(
        "feedback.participants",
        order=70,
        record=gettext_noop("Your email address or mobile number, to tell you what was done after you took part"),
        basis=gettext_noop("Consent: you asked to hear back"),
        kept=lambda: (
            gettext("Until you have been told what was done, then %(period)s; at most %(longest)s after you took part")
            % {
                "period": retention.in_words("FEEDBACK_CONTACT_RETENTION_DAYS"),
                "longest": retention.in_words("FEEDBACK_CONTACT_MAX_DAYS"),
            }
        ),
        expire=expire_participants,
    )
