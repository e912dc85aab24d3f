"""A subscriber's personal data: export, erasure, forgetting, and the retention periods that expire it."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from alerts.models import (
    Channel,
    Delivery,
    Question,
    Rating,
    Reply,
    Subscriber,
    Suppression,
)
from core import audit, retention
from core.personal import Identifiers, new_reference
from notifications import notify, sms


@transaction.atomic
def erase_subscriber(subscriber: Subscriber, *, reference: str = "") -> int:
    """Delete the subscriber, their replies and the texts sent to their number; deliveries, ratings and
    consents stay as anonymous figures (no address, no link to anyone); audit entries about the subscription
    show an opaque reference instead of the address."""
    reference = reference or new_reference()
    n = Delivery.objects.filter(subscriber=subscriber).update(subscriber=None, address="")
    n += Reply.objects.filter(subscriber=subscriber).delete()[0]
    Rating.objects.filter(subscriber=subscriber).update(subscriber=None)
    subscriber.consents.update(subscriber=None)
    others = Subscriber.objects.exclude(pk=subscriber.pk)
    if subscriber.phone and not others.filter(phone=subscriber.phone).exists():
        n += sms.forget_texts([subscriber.phone])
        n += Suppression.objects.filter(channel=Channel.SMS, address=subscriber.phone).delete()[0]
    if subscriber.email and not others.filter(email__iexact=subscriber.email).exists():
        n += Suppression.objects.filter(channel=Channel.EMAIL, address__iexact=subscriber.email).delete()[0]
    audit.forget_object(subscriber, reference)
    audit.log(None, "alerts.subscriber_erased", None, changes={"records": n, "reference": reference})
    subscriber.delete()
    return 1 + n


@transaction.atomic
def forget_subscriber(subscriber: Subscriber) -> int:
    """The subscriber's own "delete my data" (manage page, API): the subscription as in `erase_subscriber`,
    and the emails sent to their address (queued ones are never sent)."""
    reference = new_reference()
    identifiers = Identifiers.of([("email", subscriber.email), ("phone", subscriber.phone), ("name", subscriber.name)])
    return erase_subscriber(subscriber, reference=reference) + notify.forget(identifiers, reference)


@transaction.atomic
def erase_questions(email: str) -> int:
    """Delete the questions a person asked through the contact form (and the answers given to them)."""
    count = Question.objects.filter(email__iexact=email).delete()[0]
    if count:
        audit.log(None, "alerts.questions_erased", None, changes={"questions": count})
    return count


def expire_subscribers(now: datetime) -> int:
    """Erase subscriptions ended, or never confirmed, longer ago than SUBSCRIBER_RETENTION_DAYS."""
    cutoff = retention.cutoff(now, "SUBSCRIBER_RETENTION_DAYS")
    old = Subscriber.objects.filter(
        Q(status=Subscriber.Status.LEFT, left_at__lt=cutoff)
        | Q(status=Subscriber.Status.PENDING, created_at__lt=cutoff)
    )
    return sum(erase_subscriber(s) for s in old)


def expire_questions(now: datetime) -> int:
    """Delete questions asked longer ago than QUESTION_RETENTION_DAYS."""
    return Question.objects.filter(created_at__lt=retention.cutoff(now, "QUESTION_RETENTION_DAYS")).delete()[0]


def export_for_email(email: str) -> list[dict[str, Any]]:
    """Every subscription under an email address, with what was sent to it and what came back."""
    out = []
    subscribers = Subscriber.objects.filter(email__iexact=email).prefetch_related("wards", "boroughs", "consents")
    for s in subscribers:
        out.append(
            {
                "name": s.name,
                "email": s.email,
                "phone": s.phone,
                "status": s.status,
                "interests": s.interest_list,
                "wards": [w.name for w in s.wards.all()],
                "boroughs": [b.name for b in s.boroughs.all()],
                "london": s.london,
                "language": s.language,
                "consents": [
                    {"channel": c.channel, "wording": c.wording, "given_at": c.given_at.isoformat()}
                    for c in s.consents.all()
                ],
                "messages_received": [
                    {"message": d.message.subject, "channel": d.channel, "address": d.address, "status": d.status}
                    for d in s.deliveries.select_related("message").order_by("pk")
                ],
                "replies": [
                    {"message": r.message.subject, "text": r.text, "at": r.created_at.isoformat()}
                    for r in s.replies.select_related("message").order_by("pk")
                ],
                "ratings": [
                    {"message": r.message.subject, "useful": r.useful} for r in s.ratings.select_related("message")
                ],
                "text_messages": sms.texts_to([s.phone]),
                "blocked_addresses": [
                    {"channel": x.channel, "address": x.address, "reason": x.reason}
                    for x in Suppression.objects.filter(address__in=[a for a in (s.email.lower(), s.phone) if a])
                ],
            }
        )
    return out


def export_questions(email: str) -> list[dict[str, Any]]:
    return [
        {
            "question": f"Q{q.pk}",
            "topic": q.get_topic_display(),
            "name": q.name,
            "email": q.email,
            "text": q.text,
            "asked_at": q.created_at.isoformat(),
            "answer": q.answer,
        }
        for q in Question.objects.filter(email__iexact=email).order_by("pk")
    ]
