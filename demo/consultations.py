"""Demonstration data: the Commitment's 2009–10 consultation as a labelled historical example, and an open
consultation for Lewisham. Every response here is fictional and marked as such."""

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from consultations import services, tallies
from consultations.models import Answer, Consultation, Invitation, Question, Questionnaire, Quota, Response, Section
from equality.questions import BY_KEY
from organisations.models import Unit
from places.models import Borough, Ward

HISTORICAL_SLUG = "community-engagement-strategy-2009-10-historical-example"
LEWISHAM_SLUG = "neighbourhood-policing-priorities-in-lewisham-demo"
CITY_OF_LONDON = "E09000001"
LEWISHAM = "E09000023"

# Seed 003: the same five questions went to 32 borough engagement groups (CPEGs), all 630 ward panels and
# 32 partnerships; 10, 34 and 2 answered; the 34 ward panels came from 20 boroughs. The five questions are
# not given verbatim in the source, so the questions below are illustrative only.
ILLUSTRATIVE_QUESTIONS = [
    "What should the engagement strategy consist of?",
    "Which issues should the accompanying action plans address?",
    "How should the police tell people what came of their views?",
    "Which communities are hardest to reach, and how could they be reached?",
    "What would help your group take part in engagement?",
]
FICTIONAL_ANSWERS = [
    "(Fictional example) Tell panels what happened after they raised a priority, every time.",
    "(Fictional example) One place to see who is already consulting our ward, so we are not asked twice.",
    "(Fictional example) Young people need to be asked where they are, not at evening meetings.",
    "(Fictional example) Training for panel members on what the panel is for and how to chair it.",
    "(Fictional example) Feedback within weeks, not months, or people stop coming.",
    "(Fictional example) Use community groups and faith groups already working in the area.",
]


def _aware(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@transaction.atomic
def load_historical(stdout: Any = None) -> Consultation | None:
    if Consultation.objects.filter(slug=HISTORICAL_SLUG).exists():
        return None
    rng = random.Random(2009)  # noqa: S311 - demo data
    boroughs = list(Borough.objects.exclude(code=CITY_OF_LONDON).order_by("name"))
    if len(boroughs) < 32:
        return None
    c = Consultation.objects.create(
        slug=HISTORICAL_SLUG,
        title="Revising the Community Engagement Strategy, 2009–10 (historical example)",
        proposal="A revised community engagement strategy and its action plans, which became the joint "
        "Community Engagement Commitment 2010–13.",
        why_asking="To hear from the borough engagement groups, ward panels and partnerships what the strategy "
        "should consist of and which issues the action plans should address.",
        can_change="The content of the strategy and the priorities of its action plans.",
        cannot_change="",
        how_used="The answers were drawn together in the 2010 report that drafted the Commitment.",
        audience="All 32 borough community police engagement groups (October 2009), all 630 ward panels "
        "(December 2009) and the 32 community safety partnerships.",
        opens_at=_aware(2009, 10, 1),
        closes_at=_aware(2010, 2, 28),
        identity=Consultation.Identity.NAMED,
        is_published=True,
        is_historical=True,
        historical_note="A re-creation of the consultation described in the 2010 report. The numbers invited "
        "and answering are from that report (10 of 32 borough groups; 34 of 630 ward panels, from 20 boroughs; "
        "2 of 32 partnerships). The five questions are not quoted in the report: the questions shown here are "
        "illustrative, and every answer shown is fictional.",
        london_wide=True,
    )
    q = Questionnaire.objects.create(consultation=c, version=1)
    section = Section.objects.create(
        questionnaire=q, position=1, title="The five questions (illustrative wording)", intro=""
    )
    questions = [
        Question.objects.create(
            section=section,
            position=i + 1,
            kind=Question.Kind.LONG_TEXT,
            text=text,
            hint="Illustrative: the original wording is not in the source report.",
        )
        for i, text in enumerate(ILLUSTRATIVE_QUESTIONS)
    ]
    invitations: list[Invitation] = []
    for b in boroughs:
        invitations.append(
            Invitation(
                consultation=c,
                body_kind=Invitation.BodyKind.BOROUGH_GROUP,
                body_name=f"{b.name} Community Police Engagement Group",
                borough=b,
                sent_at=_aware(2009, 10, 5),
            )
        )
        invitations.append(
            Invitation(
                consultation=c,
                body_kind=Invitation.BodyKind.PARTNERSHIP,
                body_name=f"{b.name} Community Safety Partnership",
                borough=b,
                sent_at=_aware(2009, 10, 5),
            )
        )
    # 630 ward panels, spread over the 32 boroughs in proportion to their wards today.
    wards_by_borough = {b.pk: list(b.wards.select_related("borough").order_by("name")) for b in boroughs}
    all_wards = [w for b in boroughs for w in wards_by_borough[b.pk]]
    chosen = all_wards[:: max(1, len(all_wards) // 630)][:630]
    while len(chosen) < 630:
        chosen.append(all_wards[len(chosen) % len(all_wards)])
    for w in chosen:
        invitations.append(
            Invitation(
                consultation=c,
                body_kind=Invitation.BodyKind.WARD_PANEL,
                body_name=f"{w.name} ward panel ({w.borough.name})",
                borough_id=w.borough_id,
                sent_at=_aware(2009, 12, 7),
            )
        )
    Invitation.objects.bulk_create(invitations)

    def answer(inv: Invitation) -> None:
        r = Response.objects.create(
            consultation=c,
            questionnaire=q,
            idempotency_key=f"demo-historical-{inv.pk}",
            invitation=inv,
            submitted_at=_aware(2010, 1, 15),
            borough_id=inv.borough_id,
            name=f"{inv.body_name} (fictional respondent)",
            is_fictional=True,
        )
        Answer.objects.bulk_create(
            [Answer(response=r, question=qq, text=rng.choice(FICTIONAL_ANSWERS)) for qq in questions]
        )
        inv.answered_at = r.submitted_at
        inv.save(update_fields=["answered_at"])

    saved = {
        kind: list(c.invitations.filter(body_kind=kind).order_by("pk"))
        for kind in (Invitation.BodyKind.BOROUGH_GROUP, Invitation.BodyKind.PARTNERSHIP, Invitation.BodyKind.WARD_PANEL)
    }
    for inv in rng.sample(saved[Invitation.BodyKind.BOROUGH_GROUP], 10):
        answer(inv)
    for inv in rng.sample(saved[Invitation.BodyKind.PARTNERSHIP], 2):
        answer(inv)
    # 34 ward panels from exactly 20 boroughs: one from each of 20 boroughs, then 14 more within those.
    panels = saved[Invitation.BodyKind.WARD_PANEL]
    borough_ids = sorted({p.borough_id for p in panels if p.borough_id is not None})
    twenty = set(rng.sample(borough_ids, 20))
    picked = [next(p for p in panels if p.borough_id == b) for b in sorted(twenty)]  # one per borough
    rest = [p for p in panels if p.borough_id in twenty and p not in picked]
    picked += rng.sample(rest, 14)
    for inv in picked:
        answer(inv)
    tallies.rebuild(q)  # the answers above were loaded in bulk
    if stdout:
        stdout.write("  consultations: the 2009–10 consultation as a historical example\n")
    return c


def load_lewisham(stdout: Any = None, responses: int = 60) -> Consultation | None:
    if Consultation.objects.filter(slug=LEWISHAM_SLUG).exists():
        return None
    lewisham = Borough.objects.filter(code=LEWISHAM).first()
    if lewisham is None:
        return None
    unit = (
        Unit.objects.filter(borough=lewisham, is_active=True)
        .exclude(kind__in=[Unit.Kind.LOCAL_AUTHORITY, Unit.Kind.COMMUNITY_SAFETY_PARTNERSHIP, Unit.Kind.PARTNER])
        .order_by("kind", "name")
        .first()
    )
    now = timezone.now()
    with transaction.atomic():
        c = services.create_consultation(
            by=None,
            data={
                "title": "Neighbourhood policing priorities in Lewisham (demo)",
                "proposal": "Lewisham's neighbourhood teams propose to focus on three priorities in each ward over the "
                "next year, chosen with the ward panels.",
                "why_asking": "Ward panels choose priorities with the teams; we want to hear from people who do not "
                "come to panel meetings too.",
                "can_change": "Which priorities each ward's team takes up, and how the team reports back.",
                "cannot_change": "Emergency response and the number of officers in each team, which are set "
                "London-wide.",
                "how_used": "The answers go to each ward panel before it sets its priorities. We publish a summary "
                "and what we did about it on this page.",
                "audience": "Everyone who lives, works or studies in Lewisham. Ward panel members and local partners "
                "are invited directly.",
                "opens_at": now - timedelta(days=10),
                "closes_at": now + timedelta(days=30),
                "identity": Consultation.Identity.CONTACT_OPTIONAL,
                "organising_unit": unit,
                "boroughs": [lewisham],
            },
        )
        s1 = services.add_section(consultation=c, by=None, title="Your area")
        place = services.add_question(
            consultation=c,
            by=None,
            section=s1,
            data={"kind": "place", "text": "Where do you live, work or study?", "required": True},
        )
        safe = services.add_question(
            consultation=c,
            by=None,
            section=s1,
            data={"kind": "scale", "text": "I feel safe in my neighbourhood after dark.", "required": True},
        )
        seen = services.add_question(
            consultation=c,
            by=None,
            section=s1,
            data={
                "kind": "single",
                "text": "Have you seen your neighbourhood team in the last month?",
                "options": ["Yes", "No", "Not sure"],
                "required": True,
            },
        )
        services.add_question(
            consultation=c,
            by=None,
            section=s1,
            data={
                "kind": "single",
                "text": "Where did you see them?",
                "options": ["On patrol", "At a meeting", "At a school or youth club", "Somewhere else"],
                "show_if": seen,
                "show_if_values": ["Yes"],
                "required": True,
            },
        )
        s2 = services.add_section(consultation=c, by=None, title="Priorities")
        services.add_question(
            consultation=c,
            by=None,
            section=s2,
            data={
                "kind": "ranking",
                "text": "Rank these possible priorities.",
                "options": ["Drug dealing", "Antisocial behaviour", "Burglary", "Speeding", "Knife crime"],
            },
        )
        services.add_question(
            consultation=c,
            by=None,
            section=s2,
            data={"kind": "long_text", "text": "What else should your team focus on?"},
        )
        age = services.add_question(
            consultation=c,
            by=None,
            section=s2,
            data={"kind": "single", "text": "Your age group", "options": ["Under 16", "16–30", "31–64", "65 or over"]},
        )
        services.set_equality_block(consultation=c, by=None, include=True)
        services.publish_consultation(consultation=c, by=None)
        Quota.objects.create(
            consultation=c,
            name="Young people aged 16–30 in Lewisham",
            target=100,
            conditions=[{"question": age.pk, "values": ["16–30"]}],
        ).boroughs.set([lewisham])
    rng = random.Random(23)  # noqa: S311 - demo data
    unique_names = set(Ward.objects.values("name").annotate(n=Count("pk")).filter(n=1).values_list("name", flat=True))
    wards = [w for w in lewisham.wards.order_by("name") if w.name in unique_names]
    comments = [
        "More patrols near the station in the evening.",
        "Drug dealing outside the shops on the high street.",
        "Cars speeding on the main road near the school.",
        "Young people need somewhere to go after school.",
        "Tell us what happened after we reported things.",
        "Knife crime worries parents in the park.",
        "Antisocial behaviour on the estate at night.",
        "Speeding motorbikes late at night.",
        "More visible officers in the park at weekends.",
        "Burglaries on our street this winter.",
    ]
    questions = list(Question.objects.filter(section__questionnaire=c.current_questionnaire()))
    by_text = {q.text: q for q in questions}
    for i in range(responses):
        said_seen = rng.choice(["Yes", "No", "Not sure"])
        ranking_q = by_text["Rank these possible priorities."]
        order = ranking_q.choices()[:]
        rng.shuffle(order)
        raw = {
            place.pk: rng.choice(wards).name,
            safe.pk: str(rng.randint(1, 5)),
            seen.pk: said_seen,
            by_text["Where did you see them?"].pk: rng.choice(by_text["Where did you see them?"].choices()),
            ranking_q.pk: order,
            by_text["What else should your team focus on?"].pk: f"(Fictional) {rng.choice(comments)}",
            age.pk: rng.choice(age.choices()),
        }
        services.submit_response(
            consultation=c,
            raw=raw,
            idempotency_key=f"demo-lewisham-{i}",
            is_fictional=True,
            equality_answers={
                key: rng.choice([v for v, _ in BY_KEY[key].options]) for key in ("age_band", "sex", "ethnic_group")
            },
        )
    if stdout:
        stdout.write(f"  consultations: an open Lewisham consultation with {responses} fictional responses\n")
    return c


def load(stdout: Any = None) -> None:
    load_historical(stdout)
    load_lewisham(stdout)
