"""What alerts adds to shared pages: the ward page section, the workspace card, personal data."""

from typing import Any

from alerts import services
from alerts.models import Subscriber
from places.models import Ward


def ward_section(ward: Ward, request: Any = None) -> dict[str, Any] | None:
    return {"ward": ward}


def workspace_card(request: Any) -> dict[str, Any] | None:
    from organisations.scope import Capability, has_capability

    if not has_capability(request.user, Capability.SEND_ALERTS):
        return None
    from alerts.models import Question, Reply
    from alerts.views.staff import visible_messages
    from organisations.scope import scope_for

    units = scope_for(request.user, Capability.SEND_ALERTS).unit_ids
    return {
        "unanswered": Question.objects.filter(unit__in=units, answered_at__isnull=True).count(),
        "unread": Reply.objects.filter(message__in=visible_messages(request.user), read_at__isnull=True).count(),
    }


def export_person(user: Any) -> dict[str, Any]:
    if not getattr(user, "email", ""):
        return {}
    return {
        "subscriptions": services.export_for_email(user.email),
        "questions": services.export_questions(user.email),
    }


def erase_person(user: Any) -> int:
    if not getattr(user, "email", ""):
        return 0
    n = sum(services.erase_subscriber(s) for s in Subscriber.objects.filter(email__iexact=user.email))
    return n + services.erase_questions(user.email)
