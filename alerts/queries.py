"""Reads other apps may call: who is subscribed where, and figures about messages."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from alerts import audiences
from alerts.models import Channel, Delivery, Message, Subscriber, interests_from_mask, interests_mask
from places.models import Ward


def _ids(items: Iterable[Any]) -> list[int]:
    return [i if isinstance(i, int) else i.pk for i in items]


def area_q(*, wards: Iterable[Any] = (), boroughs: Iterable[Any] = (), london: bool = False) -> Q | None:
    """Subscribers whose areas cover any of the given places (None when no place is given).

    A subscription to a ward's borough, or to London, covers that ward; a message to a borough
    reaches subscribers of the borough, of each of its wards and of London.
    """
    ward_ids = _ids(wards)
    borough_ids = _ids(boroughs)
    if london:
        return Q()
    if not ward_ids and not borough_ids:
        return None
    all_boroughs = set(borough_ids) | set(
        Ward.objects.filter(pk__in=ward_ids).values_list("borough_id", flat=True).distinct()
    )
    through_w = Subscriber.wards.through.objects
    through_b = Subscriber.boroughs.through.objects
    ward_match = Q(ward_id__in=ward_ids)
    if borough_ids:
        ward_match |= Q(ward__borough_id__in=borough_ids)
    return (
        Q(london=True)
        | Q(pk__in=through_w.filter(ward_match).values("subscriber_id"))
        | Q(pk__in=through_b.filter(borough_id__in=all_boroughs).values("subscriber_id"))
    )


def subscribers_for(
    *, wards: Iterable[Any] = (), boroughs: Iterable[Any] = (), london: bool = False, interests: Iterable[str] = ()
) -> QuerySet[Subscriber]:
    """Active subscribers with at least one confirmed channel in the given places with any of the interests.

    No interests given means every interest. No place given means nobody.
    """
    q = area_q(wards=wards, boroughs=boroughs, london=london)
    if q is None:
        return Subscriber.objects.none()
    qs = Subscriber.objects.filter(q, status=Subscriber.Status.ACTIVE).filter(
        Q(wants_email=True, email_confirmed_at__isnull=False) | Q(wants_sms=True, phone_confirmed_at__isnull=False)
    )
    mask = interests_mask(list(interests))
    if mask:
        qs = qs.annotate(_hit=F("interests").bitand(mask)).filter(_hit__gt=0)
    return qs


def audience_for(message: Message) -> QuerySet[Subscriber]:
    """The subscribers a message's areas and interests reach."""
    return subscribers_for(
        wards=list(message.wards.values_list("pk", flat=True)),
        boroughs=list(message.boroughs.values_list("pk", flat=True)),
        london=message.london,
        interests=interests_from_mask(message.interests),
    )


def reach_of(message: Message) -> dict[str, int]:
    """How many people and deliveries the message would reach now: {'people', 'email', 'sms'}."""
    qs = audience_for(message)
    email = qs.filter(wants_email=True, email_confirmed_at__isnull=False).count()
    sms = qs.filter(wants_sms=True, phone_confirmed_at__isnull=False).count()
    people = qs.count()
    return {"people": people + group_extra_count(message), "email": email, "sms": sms}


def group_extra_count(message: Message) -> int:
    return len(audiences.contacts_for(message))


def delivery_counts(message: Message) -> dict[str, int]:
    """Deliveries of a message by status, plus replies, ratings and opens."""
    counts = {s: 0 for s in Delivery.Status.values}
    for row in message.deliveries.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in Delivery.Status.values)
    counts["opened"] = message.deliveries.filter(opened_at__isnull=False).count()
    counts["replies"] = message.replies.count()
    counts["useful"] = message.ratings.filter(useful=True).count()
    counts["not_useful"] = message.ratings.filter(useful=False).count()
    counts["unsubscribed"] = (
        Subscriber.objects.filter(status=Subscriber.Status.LEFT, left_at__gte=message.started_at or message.created_at)
        .filter(pk__in=message.deliveries.values("subscriber_id"))
        .count()
    )
    counts["email"] = message.deliveries.filter(channel=Channel.EMAIL).count()
    counts["sms"] = message.deliveries.filter(channel=Channel.SMS).count()
    return counts


def subscriber_count_for_ward(ward: Ward) -> int:
    return subscribers_for(wards=[ward.pk]).count()
