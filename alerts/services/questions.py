"""Two-way: replies and ratings from subscribers, and questions through the contact form, routed to a team."""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from alerts.models import (
    Message,
    Question,
    Rating,
    Reply,
    RoutingRule,
    Subscriber,
    Topic,
)
from alerts.services.subscriptions import _check_email
from core import audit
from core.errors import ServiceError
from languages import choices
from notifications import notify
from organisations.models import Unit
from places.models import Ward
from places.services import find_postcode

# ---------------------------------------------------------------- two-way


@transaction.atomic
def reply_to_message(*, message: Message, subscriber: Subscriber | None, text: str) -> Reply:
    if not text.strip():
        raise ServiceError(gettext("Enter your reply"), field="text")
    reply = Reply.objects.create(message=message, subscriber=subscriber, text=text.strip()[:5000])
    if message.team is not None:
        for post in message.team.posts.current().select_related("user"):
            notify.notify_user(
                post.user,
                f"New reply to '{message.subject}'",
                link=reverse("alerts:inbox"),
                kind="alerts.reply",
            )
    return reply


@transaction.atomic
def rate_message(*, message: Message, subscriber: Subscriber, useful: bool) -> Rating:
    rating, _ = Rating.objects.update_or_create(message=message, subscriber=subscriber, defaults={"useful": useful})
    return rating


def route_question(topic: str, ward: Ward | None) -> Any:
    """The unit that answers: a business group for a specialist topic, else the ward's neighbourhood team."""
    rule = RoutingRule.objects.filter(topic=topic).select_related("unit").first()
    if rule is not None and topic != Topic.LOCAL:
        return rule.unit
    if ward is not None:
        team = Unit.objects.filter(ward=ward, kind=Unit.Kind.NEIGHBOURHOOD_TEAM, is_active=True).first()
        if team is not None:
            return team
        borough_unit = Unit.objects.filter(borough=ward.borough, is_active=True).first()
        if borough_unit is not None:
            return borough_unit
    if rule is not None:
        return rule.unit
    fallback = RoutingRule.objects.filter(topic=Topic.OTHER).select_related("unit").first()
    return fallback.unit if fallback else None


@transaction.atomic
def ask_question(
    *, topic: str, email: str, text: str, name: str = "", postcode: str = "", language: str = ""
) -> Question:
    """A question from the public contact form; `language` is the page's, and the emails to the person follow it."""
    email = _check_email(email)
    if topic not in Topic.values:
        raise ServiceError(gettext("Choose what your question is about"), field="topic")
    if not text.strip():
        raise ServiceError(gettext("Enter your question"), field="text")
    ward = find_postcode(postcode).ward if postcode.strip() else None
    unit = route_question(topic, ward)
    question = Question.objects.create(
        topic=topic,
        ward=ward,
        unit=unit,
        name=name[:100],
        email=email,
        text=text.strip()[:5000],
        language=choices.stored(language),
    )
    if unit is not None:
        for post in unit.posts.current().select_related("user"):
            notify.notify_user(post.user, "A question from the public", link=reverse("alerts:inbox"), kind="alerts.q")
    with translation.override(choices.site_language(question.language)):
        if unit is not None:
            sent = gettext("Thank you. Your question (reference Q%(reference)s) has gone to %(unit)s.") % {
                "reference": question.pk,
                "unit": unit,
            }
        else:
            sent = gettext("Thank you. Your question (reference Q%(reference)s) has gone to our engagement team.") % {
                "reference": question.pk
            }
        notify.send_email(
            to=email,
            subject=gettext("We have your question"),
            text=f"{sent} {gettext('We will reply to this address.')}\n",
            reason="alerts.question_received",
        )
    audit.log(None, "alerts.question_asked", question, changes={"unit": str(unit)})
    return question


@transaction.atomic
def answer_question(question: Question, *, by: Any, answer: str) -> Question:
    if not answer.strip():
        raise ServiceError(gettext("Enter your answer"), field="answer")
    if question.answered_at is not None:
        raise ServiceError(gettext("This question has already been answered."), code="conflict")
    question.answer = answer.strip()
    question.answered_at = timezone.now()
    question.answered_by = by
    question.save()
    with translation.override(choices.site_language(question.language)):  # the words around the answer
        asked, answered = gettext("You asked:"), gettext("Our answer:")
        signed = str(question.unit) if question.unit else gettext("The police service")
        notify.send_email(
            to=question.email,
            subject=gettext("Answer to your question Q%(reference)s") % {"reference": question.pk},
            text=f"{asked}\n{question.text}\n\n{answered}\n{question.answer}\n\n— {signed}\n",
            reason="alerts.question_answered",
        )
    audit.log(by, "alerts.question_answered", question)
    return question
