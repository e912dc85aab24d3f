"""What alerts adds to shared pages: the ward page section, the workspace card, personal data."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from alerts import permissions, services
from alerts.models import Delivery, Message, Question, Reply, Subscriber, Suppression
from core import registry, retention
from core.personal import Identifiers
from core.registry import Reached, note_latest
from core.tally import CountOf
from notifications import sms
from places.models import Ward


def ward_section(ward: Ward, request: Any = None) -> dict[str, Any] | None:
    return {"ward": ward}


def workspace_card(request: Any) -> dict[str, Any] | None:
    if not permissions.sends_alerts(request.user):
        return None
    units = permissions.alert_scope(request.user).unit_ids
    return {
        "unanswered": CountOf(Question.objects.filter(unit__in=units, answered_at__isnull=True)),
        "unread": CountOf(
            Reply.objects.filter(message__in=permissions.visible_messages(request.user), read_at__isnull=True)
        ),
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


def _addressed(identifiers: Identifiers) -> Q:
    exact = Q(pk__in=[])
    for term in identifiers.terms:
        exact |= Q(address__iexact=term)
    return exact


def find_person(identifiers: Identifiers) -> dict[str, Any]:
    return {
        "messages": [
            {"message": d.message.subject, "channel": d.channel, "address": d.address, "status": d.status}
            for d in Delivery.objects.filter(_addressed(identifiers), subscriber=None).select_related("message")
        ],
        "text_messages": sms.texts_to(list(identifiers.terms)),
    }


def forget_person(identifiers: Identifiers, reference: str) -> int:
    """Messages to the person's address or number that no subscription links to them (alerts to a group's
    members or a consultation's respondents, texts from other parts of the service) lose the address; the
    texts and any suppression of the address are deleted."""
    exact = _addressed(identifiers)
    n = Delivery.objects.filter(exact).update(address="")
    n += Suppression.objects.filter(exact).delete()[0]
    return n + sms.forget_texts(list(identifiers.terms))


def register_records() -> None:
    registry.personal_records.add(
        "alerts.subscriptions",
        order=40,
        record=gettext_noop(
            "Alert subscriptions: email address and mobile number, areas, topics, language, consent given, "
            "messages sent to you, your replies and ratings"
        ),
        basis=gettext_noop("Consent: you choose what you receive and can stop at any time from any message"),
        kept=lambda: (
            gettext(
                "While you are subscribed; deleted %(period)s after you stop, or if you never confirm (how many "
                "messages were sent is kept without your details)"
            )
            % {"period": retention.in_words("SUBSCRIBER_RETENTION_DAYS")}
        ),
        expire=services.expire_subscribers,
    )
    registry.personal_records.add(
        "alerts.questions",
        order=50,
        record=gettext_noop("Questions you ask us through the contact form, with your name and email address"),
        basis=gettext_noop("Public task: answering questions about policing in your area"),
        kept=lambda: (
            gettext("%(period)s after you asked, then deleted")
            % {"period": retention.in_words("QUESTION_RETENTION_DAYS")}
        ),
        expire=services.expire_questions,
    )


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
