"""Who may send alerts, and which messages and questions they may see (django-rules), asked by the staff
pages, the API, the workspace card and the services alike:

    permissions.sends_alerts(user)                 # SEND_ALERTS somewhere
    permissions.can_send_to(user, wards=…, boroughs=…, london=…)   # every place named is in their scope
    permissions.visible_messages(user)             # messages in their places, their units' or their own
    permissions.can_answer(user, question)         # a question routed to one of their units
    permissions.resends_sms(user)                  # administrators: the text messages given up on, sent again
"""

from collections.abc import Iterable
from typing import Any

import rules
from django.db.models import Q, QuerySet

from alerts.models import Message, Question
from organisations.scope import Capability, Scope, can_act_in, has_capability, scope_for


def alert_scope(user: Any) -> Scope:
    """The places (and units) in which the user may send alerts."""
    return scope_for(user, Capability.SEND_ALERTS)


@rules.predicate
def sends_alerts(user: Any) -> bool:
    return has_capability(user, Capability.SEND_ALERTS)


def can_send_to(user: Any, *, wards: Iterable[Any] = (), boroughs: Iterable[Any] = (), london: bool = False) -> bool:
    return can_act_in(user, Capability.SEND_ALERTS, wards=wards, boroughs=boroughs, london_wide=london)


def visible_messages(user: Any) -> QuerySet[Message]:
    """Messages whose places lie in the user's alert scope (or sent by their units)."""
    scope = alert_scope(user)
    qs = Message.objects.all()
    if scope.london_wide:
        return qs
    ward_ids = scope.all_ward_ids() or set()
    return qs.filter(
        Q(wards__in=ward_ids) | Q(boroughs__in=scope.borough_ids) | Q(team__in=scope.unit_ids) | Q(created_by=user)
    ).distinct()


@rules.predicate
def can_see_message(user: Any, message: Message) -> bool:
    return visible_messages(user).filter(pk=message.pk).exists()


@rules.predicate
def can_answer(user: Any, question: Question) -> bool:
    """A question from the public is answered by the unit it was routed to."""
    return bool(getattr(user, "is_superuser", False)) or question.unit_id in alert_scope(user).unit_ids


@rules.predicate
def resends_sms(user: Any) -> bool:
    """The SMS outbox page shows phone numbers: administrators only."""
    return has_capability(user, Capability.ADMINISTER)


rules.add_perm("alerts.add_message", sends_alerts)
rules.add_perm("alerts.view_message", can_see_message)
rules.add_perm("alerts.answer_question", can_answer)
rules.add_perm("alerts.resend_sms", resends_sms)
