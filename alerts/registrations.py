"""What alerts adds to shared pages: the ward page section, the workspace card, personal data."""

from typing import Any

from alerts.models import Message
from core.registry import Reached, note_latest
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


def export_person(user: Any) -> list[dict[str, Any]]:
    from alerts import services

    return services.export_for_email(user.email) if getattr(user, "email", "") else []


def erase_person(user: Any) -> int:
    from alerts import services
    from alerts.models import Subscriber

    n = 0
    if getattr(user, "email", ""):
        for s in Subscriber.objects.filter(email__iexact=user.email):
            n += services.erase_subscriber(s)
    return n


def engagement_reached(since: Any, until: Any) -> Reached:
    """Wards and boroughs an alert, appeal or newsletter was sent to in a period ("who is never asked")."""
    sent = Message.objects.filter(status=Message.Status.SENT, sent_at__gte=since, sent_at__lt=until)
    wards: dict[int, Any] = {}
    boroughs: dict[int, Any] = {}
    for ward_id, at in sent.filter(wards__isnull=False).values_list("wards", "sent_at"):
        note_latest(wards, ward_id, at)
    for borough_id, at in sent.filter(boroughs__isnull=False).values_list("boroughs", "sent_at"):
        note_latest(boroughs, borough_id, at)
    return Reached(wards=wards, boroughs=boroughs)
