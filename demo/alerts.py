"""Fictional demo subscribers (addresses at example.test) and a couple of sent messages; places are real."""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from alerts.delivery import idempotency_key
from alerts.models import (
    ALL_INTEREST_VALUES,
    Channel,
    Consent,
    Delivery,
    Message,
    Question,
    Rating,
    Reply,
    RoutingRule,
    Subscriber,
    Topic,
    interests_mask,
)
from alerts.services import CONSENT_WORDING
from organisations.models import Unit
from places.models import Ward

LEWISHAM, LAMBETH = "E09000023", "E09000022"


@transaction.atomic
def load(stdout: Any) -> None:
    if Subscriber.objects.filter(email__endswith="@example.test", name__endswith="(demo)").exists():
        stdout.write("alerts: demo data already loaded")
        return
    rng = random.Random(70)  # noqa: S311 - demo data
    wards = list(Ward.objects.filter(borough__code__in=[LEWISHAM, LAMBETH]).select_related("borough"))
    if not wards:
        stdout.write("alerts: no London places loaded; skipped")
        return
    now = timezone.now()
    subscribers = []
    for n in range(240):
        ward = wards[n % len(wards)]
        joined = now - timedelta(days=rng.randint(1, 360))
        sms = n % 5 == 0
        s = Subscriber(
            name=f"Resident {n + 1} (demo)",
            email=f"resident{n + 1}@example.test",
            email_confirmed_at=joined,
            phone=f"+4477009{n:05d}"[:13] if sms else "",
            phone_confirmed_at=joined if sms else None,
            wants_sms=sms,
            status=Subscriber.Status.ACTIVE,
            interests=interests_mask(rng.sample(ALL_INTEREST_VALUES, rng.randint(1, 4))),
        )
        s.save()
        Subscriber.objects.filter(pk=s.pk).update(created_at=joined)
        s.wards.set([ward])
        Consent.objects.create(
            subscriber=s, channel=Channel.EMAIL, wording=CONSENT_WORDING[Channel.EMAIL], given_at=joined,
            confirmed_at=joined, source="demo",
        )  # fmt: skip
        subscribers.append((s, ward))
    catford = Ward.objects.filter(name="Catford South").first() or wards[0]
    team = Unit.objects.filter(ward=catford).first()
    texts = [
        ("Appeal for information: attempted burglaries near Bromley Road", Message.Kind.APPEAL,
         "Between Monday and Wednesday there were three attempted burglaries of houses near Bromley Road.\n\n"
         "If you saw anything, or have doorbell footage, call 101 quoting reference 4412/demo "
         "or reply to this message."),
        ("Catford South ward panel: Thursday 7pm", Message.Kind.MEETING,
         "You are invited to the ward panel meeting at the community centre. Tell us what your priorities are."),
    ]  # fmt: skip
    local = [s for s, w in subscribers if w.borough_id == catford.borough_id]
    for i, (subject, kind, body) in enumerate(texts):
        sent_at = now - timedelta(days=10 - i * 5)
        m = Message.objects.create(
            subject=subject, kind=kind, body=body, team=team, status=Message.Status.SENT, started_at=sent_at,
            fanned_out_at=sent_at, sent_at=sent_at, priority=Message.Priority.IMPORTANT if i == 0 else "routine",
        )  # fmt: skip
        m.boroughs.set([catford.borough])
        rows = [
            Delivery(
                message=m,
                subscriber=s,
                channel=Channel.EMAIL,
                address=s.email,
                status=Delivery.Status.SENT,
                idempotency_key=idempotency_key(m.pk, s.pk, Channel.EMAIL),
                sent_at=sent_at,
                opened_at=sent_at + timedelta(hours=2) if rng.random() < 0.4 else None,
            )  # fmt: skip
            for s in local
        ]
        Delivery.objects.bulk_create(rows)
        Message.objects.filter(pk=m.pk).update(reach=len(rows))
        for s in local[:6]:
            Rating.objects.create(message=m, subscriber=s, useful=rng.random() < 0.8)
        Reply.objects.create(
            message=m, subscriber=local[0], text="Thanks. I saw two people trying door handles on Tuesday night."
        )
    ct = Unit.objects.filter(kind=Unit.Kind.BUSINESS_GROUP, name__icontains="counter").first()
    if ct is not None:
        RoutingRule.objects.get_or_create(topic=Topic.COUNTER_TERRORISM, defaults={"unit": ct})
    Question.objects.create(
        topic=Topic.LOCAL, ward=catford, unit=team, name="Sam (demo)", email="sam.demo@example.test",
        text="Who do I talk to about speeding on our street?",
    )  # fmt: skip
    stdout.write(f"alerts: {len(subscribers)} demo subscribers, {len(texts)} sent messages")
