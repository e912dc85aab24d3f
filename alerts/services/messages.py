"""Messages to subscribers and other audiences: drafting within the sender's scope, sending now or later,
cancelling."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from alerts import audiences, permissions, queries, tasks
from alerts import translations as alert_translations
from alerts.models import (
    Interest,
    Message,
    interests_mask,
)
from core import audit
from core.errors import ServiceError
from organisations.scope import Capability, units_for
from places.models import Borough, Ward

# ---------------------------------------------------------------- messages


def _check_audience(message: Message) -> int:
    has_area = message.london or message.wards.exists() or message.boroughs.exists()
    others = audiences.reasons_nobody(message)
    if not has_area and not others:
        raise ServiceError(
            "Choose who should get this message: at least one area, a group or a consultation's respondents",
            field="wards",
        )
    reach = queries.reach_of(message)["people"]
    if reach == 0:
        reasons = ["no confirmed subscribers match these areas and interests"] if has_area else []
        reasons += [reason for _field, reason in others]
        field = "wards" if has_area else others[0][0]
        raise ServiceError(f"Nobody would get this message: {'; '.join(reasons)}.", field=field)
    return reach


def check_scope(user: Any, *, wards: list[Ward], boroughs: list[Borough], london: bool) -> None:
    if not (wards or boroughs or london):
        return
    if not permissions.can_send_to(user, wards=wards, boroughs=boroughs, london=london):
        raise ServiceError(
            gettext("You can only send alerts to places your role covers."), field="wards", code="forbidden"
        )


@transaction.atomic
def save_message(
    *,
    by: Any,
    message: Message | None = None,
    subject: str,
    body: str,
    text: str = "",
    sms_text: str = "",
    priority: str = Message.Priority.ROUTINE,
    kind: str = Message.Kind.ALERT,
    wards: list[Ward] | None = None,
    boroughs: list[Borough] | None = None,
    london: bool = False,
    interests: list[str] | None = None,
    audiences_chosen: list[tuple[str, int]] | None = None,
    team: Any = None,
    translations: dict[str, dict[str, str]] | None = None,
) -> Message:
    """Create or change a draft message; `audiences_chosen` are `(kind, id)` pairs (`alerts.audiences`).
    `translations` ({code: {field: text}}) replaces those languages and keeps the others (`alerts.translations`)."""
    wards, boroughs = list(wards or []), list(boroughs or [])
    check_scope(by, wards=wards, boroughs=boroughs, london=london)
    if not subject.strip():
        raise ServiceError(gettext("Enter a subject"), field="subject")
    if not body.strip():
        raise ServiceError(gettext("Enter the message"), field="body")
    if message is not None and message.status not in Message.CHANGEABLE:
        raise ServiceError(gettext("This message has been sent and cannot be changed."), code="conflict")
    creating = message is None
    if message is None:
        message = Message(created_by=by)
    message.subject, message.body, message.text, message.sms_text = subject.strip(), body, text, sms_text
    message.priority, message.kind, message.london = priority, kind, london
    unknown = sorted(set(interests or []) - set(Interest.values))
    if unknown:
        # An unknown interest would leave the mask empty, and an empty mask reaches every interest.
        raise ServiceError(
            f"Unknown interest: {', '.join(unknown)}. Choose from: {', '.join(Interest.values)}.", field="interests"
        )
    message.interests = interests_mask(interests or [])
    chosen = audiences.check(by, audiences_chosen or [])
    if translations is not None:
        message.translations = alert_translations.merged(message, translations)
    if team is not None:
        message.team = team
    elif creating:
        message.team = units_for(by, Capability.SEND_ALERTS).first()
    message.save()
    message.wards.set(wards)
    message.boroughs.set(boroughs)
    audiences.store(message, chosen)
    audit.log(by, "alerts.message_saved" if not creating else "alerts.message_created", message)
    return message


# A send time this close to now (a form filled in a minute ago, clocks a little apart) means "now".
SEND_AT_GRACE = timedelta(minutes=1)


@transaction.atomic
def send_message(message: Message, *, by: Any, at: datetime | None = None) -> Message:
    """Send now (or at `at`): check the audience, then fan out in the background after commit."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status not in Message.CHANGEABLE:
        raise ServiceError(gettext("This message has already been sent."), code="conflict")
    check_scope(by, wards=list(message.wards.all()), boroughs=list(message.boroughs.all()), london=message.london)
    _check_audience(message)
    now = timezone.now()
    if at is not None and at < now - SEND_AT_GRACE:
        raise ServiceError(
            f"The send time {timezone.localtime(at):%-d %B %Y %H:%M} is in the past. "
            "Choose a time from now on, or leave it empty to send now.",
            field="send_at",
        )
    if at is not None and at > now + SEND_AT_GRACE:
        message.status = Message.Status.SCHEDULED
        message.scheduled_for = at
        message.save(update_fields=["status", "scheduled_for", "updated_at"])
        audit.log(by, "alerts.message_scheduled", message, changes={"at": at})
        transaction.on_commit(lambda: tasks.wake_at(at))
        return message
    message.status = Message.Status.SENDING
    message.started_at = now
    message.save(update_fields=["status", "started_at", "updated_at"])
    audit.log(by, "alerts.message_sent", message)
    pk = message.pk
    transaction.on_commit(lambda: tasks.start_message.enqueue(pk))
    return message


@transaction.atomic
def cancel_message(message: Message, *, by: Any) -> Message:
    updated = Message.objects.filter(pk=message.pk, status=Message.Status.SCHEDULED).update(
        status=Message.Status.DRAFT, scheduled_for=None
    )
    if not updated:
        raise ServiceError(gettext("Only a scheduled message can be cancelled."), code="conflict")
    audit.log(by, "alerts.message_unscheduled", message)
    message.refresh_from_db()
    return message
