"""Writes for "we asked, you said, we did". Other apps call `ensure_record` and `add_participant`."""

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import audit, pagecache
from core.errors import NotAllowed, ServiceError
from feedback import permissions
from feedback.models import FeedbackEntry, FeedbackRecord, Participant, consultation_target_days, target_days
from languages import choices, content
from notifications import notify, sms
from organisations import queries as organisations_queries
from organisations.scope import Capability, scope_for
from places.models import Borough, Ward

logger = logging.getLogger(__name__)


def _ids(items: Iterable[Any]) -> list[int]:
    return [i if isinstance(i, int) else i.pk for i in items]


def _subject_key(subject: models.Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(subject), str(subject.pk)


def _default_due(subject: Any) -> datetime | None:
    """Feedback is owed a target time after a consultation closes (subjects with `closes_at`) or after an
    activity is held (subjects with `starts_at`)."""
    closes = getattr(subject, "closes_at", None)
    if isinstance(closes, datetime):
        return closes + timedelta(days=consultation_target_days())
    held = getattr(subject, "starts_at", None)
    if isinstance(held, datetime):
        return held + timedelta(days=target_days())
    return None


def invalidate_pages(record: FeedbackRecord) -> None:
    ward_ids = list(record.wards.values_list("pk", flat=True))
    borough_ids = set(record.boroughs.values_list("pk", flat=True))
    borough_ids |= set(Ward.objects.filter(pk__in=ward_ids).values_list("borough_id", flat=True))
    pagecache.invalidate(wards=ward_ids, boroughs=sorted(borough_ids), london=record.london_wide)


@transaction.atomic
def ensure_record(
    *,
    subject: models.Model,
    by: Any,
    asked: str = "",
    title: str = "",
    wards: Iterable[Ward | int] = (),
    boroughs: Iterable[Borough | int] = (),
    london_wide: bool = False,
) -> FeedbackRecord:
    """The feedback record of `subject`, created on first call (one record per subject).

    Later calls add any new places and fill an empty "asked"/title; they never overwrite what the team wrote.
    """
    ct, object_id = _subject_key(subject)
    record = FeedbackRecord.objects.select_for_update().filter(content_type=ct, object_id=object_id).first()
    created = record is None
    if record is None:
        try:
            with transaction.atomic():
                record = FeedbackRecord.objects.create(
                    content_type=ct,
                    object_id=object_id,
                    title=(title or str(subject))[:255],
                    asked=asked,
                    london_wide=london_wide,
                    due_at=_default_due(subject),
                    created_by=by if getattr(by, "is_authenticated", False) else None,
                )
        except IntegrityError:
            record = FeedbackRecord.objects.get(content_type=ct, object_id=object_id)
            created = False
    else:
        changed = []
        if asked and not record.asked:
            record.asked = asked
            changed.append("asked")
        if title and not record.title:
            record.title = title[:255]
            changed.append("title")
        if london_wide and not record.london_wide:
            record.london_wide = True
            changed.append("london_wide")
        due = _default_due(subject)
        moved_close = isinstance(getattr(subject, "closes_at", None), datetime) and record.due_at != due
        if due is not None and (record.due_at is None or (moved_close and record.did_published_at is None)):
            # A consultation whose closing date moves owes its outcome by a target counted from the new date.
            record.due_at = due
            record.overdue_flagged_at = None
            changed += ["due_at", "overdue_flagged_at"]
        if changed:
            record.save(update_fields=[*changed, "updated_at"])
    ward_ids, borough_ids = _ids(wards), _ids(boroughs)
    if ward_ids:
        record.wards.add(*ward_ids)
    if borough_ids:
        record.boroughs.add(*borough_ids)
    if created:
        audit.log(by, "feedback.create", record, changes={"title": record.title, "asked": asked})
    invalidate_pages(record)
    return record


@transaction.atomic
def set_due(*, subject: models.Model, held_at: datetime | date) -> FeedbackRecord | None:
    """Feedback on `subject` is owed a target time after `held_at` (an activity held, a priority reviewed)."""
    ct, object_id = _subject_key(subject)
    record = FeedbackRecord.objects.filter(content_type=ct, object_id=object_id).first()
    if record is None:
        return None
    if not isinstance(held_at, datetime):
        held_at = timezone.make_aware(datetime.combine(held_at, datetime.min.time()))
    record.due_at = held_at + timedelta(days=target_days())
    record.overdue_flagged_at = None
    record.save(update_fields=["due_at", "overdue_flagged_at", "updated_at"])
    return record


def add_participant(
    *, subject: models.Model, email: str = "", phone: str = "", name: str = "", source: str, language: str = ""
) -> None:
    """Remember someone who took part and asked to hear back (once per record, by email or phone), with the
    language of the page they took part on when it is known (what they are told later is in it)."""
    email = (email or "").strip().lower()
    phone = (phone or "").strip()
    if not email and not phone:
        return
    ct, object_id = _subject_key(subject)
    record = FeedbackRecord.objects.filter(content_type=ct, object_id=object_id).first()
    if record is None:
        raise ServiceError("There is no feedback record for this yet.", code="no_record")
    existing = Participant.objects.filter(record=record)
    existing = existing.filter(email=email) if email else existing.filter(email="", phone=phone)
    if existing.exists():
        return
    try:
        with transaction.atomic():
            Participant.objects.create(
                record=record,
                email=email,
                phone=phone[:30],
                name=name[:150],
                source=source[:50],
                language=choices.stored(language),
            )
    except IntegrityError:
        pass  # someone else added the same person at the same moment


def _tell_participants(record: FeedbackRecord, text: str) -> int:
    """Email (and text) everyone who asked to hear back, each in the language they took part in, with a link to
    the record's page in that language. The record's title and what the team did (`text`) are in that language
    when staff have translated them (languages.content), else as written."""
    told = 0
    now = timezone.now()
    for person in record.participants.all():
        sent = False
        with translation.override(choices.site_language(person.language)):
            link = f"{settings.SITE_URL}{record.get_absolute_url()}"
            title, did = content.text(record, "title"), content.text(record, "did", text)
            subject = gettext("We did: %(title)s") % {"title": title}
            if person.email:
                if person.name:
                    greeting = gettext("Dear %(name)s,") % {"name": person.name}
                else:
                    greeting = gettext("Hello,")
                took_part = gettext('You took part in "%(title)s" and asked to hear back.') % {"title": title}
                what = gettext("What we did:")
                full = gettext("Read the full record: %(link)s") % {"link": link}
                notify.send_email(
                    to=person.email,
                    subject=subject[:255],
                    text=f"{greeting}\n\n{took_part}\n\n{what}\n{did}\n\n{full}\n",
                    reason="feedback.published",
                )
                sent = True
            if person.phone:
                try:
                    sms.send_sms(to=person.phone, text=f"{subject}. {did[:300]} {link}", reason="feedback.published")
                except ServiceError:
                    logger.info("feedback %s: cannot text participant %s", record.pk, person.pk)
                else:
                    sent = True
        if sent:
            person.last_told_at = now
            person.save(update_fields=["last_told_at"])
            told += 1
    return told


@transaction.atomic
def add_entry(
    *,
    record: FeedbackRecord,
    by: Any,
    kind: str,
    text: str,
    count: int | None = None,
    happened_on: date | None = None,
    check_permission: bool = True,
) -> FeedbackEntry:
    """Add a dated update. A "we did" entry publishes the record and tells everyone who asked to hear back."""
    if check_permission and not permissions.can_edit(by, record):
        raise NotAllowed("You cannot update feedback for this area.")
    text = (text or "").strip()
    if not text:
        raise ServiceError("Enter what was asked, said or done.", field="text", code="required")
    if kind not in FeedbackEntry.Kind.values:
        raise ServiceError("Choose whether this is what we asked, what you said or what we did.", field="kind")
    if count is not None and count < 0:
        raise ServiceError("The number of people cannot be negative.", field="count")
    entry = FeedbackEntry.objects.create(
        record=record,
        kind=kind,
        text=text,
        count=count,
        happened_on=happened_on or timezone.localdate(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record = FeedbackRecord.objects.select_for_update().get(pk=record.pk)
    fields = ["updated_at"]
    if kind == FeedbackEntry.Kind.ASKED:
        record.asked = text
        fields.append("asked")
    elif kind == FeedbackEntry.Kind.SAID:
        record.said = text
        fields.append("said")
        if count is not None:
            record.said_count = count
            fields.append("said_count")
    else:
        record.did = text
        record.did_published_at = timezone.now()
        fields += ["did", "did_published_at"]
    record.save(update_fields=fields)
    audit.log(by, f"feedback.{kind}", record, changes={"text": text, "count": count})
    if kind == FeedbackEntry.Kind.DID:
        _tell_participants(record, text)
    invalidate_pages(record)
    return entry


def overdue_records(now: datetime | None = None) -> models.QuerySet[FeedbackRecord]:
    now = now or timezone.now()
    return FeedbackRecord.objects.filter(due_at__lt=now, did_published_at__isnull=True)


def _users_to_tell(record: FeedbackRecord) -> list[Any]:
    """Who is told that a record's feedback is late: the local people who may publish it (not everyone who
    may publish anywhere in London), and whoever started the record; for a London-wide record, its starter
    (or, when nobody started it, London-wide publishers)."""
    editors = [u for u in organisations_queries.people_in_active_units() if permissions.can_edit(u, record)]
    starter = [u for u in editors if u.pk == record.created_by_id]
    if record.london_wide:
        return starter or editors
    local = [u for u in editors if not scope_for(u, Capability.PUBLISH_FEEDBACK).london_wide]
    return local + [u for u in starter if u not in local]


def flag_overdue(now: datetime | None = None) -> int:
    """Tell the teams about feedback still owed past its target time, once per record. Safe to run daily."""
    now = now or timezone.now()
    flagged = 0
    for record in overdue_records(now).filter(overdue_flagged_at__isnull=True).prefetch_related("wards", "boroughs"):
        with transaction.atomic():
            locked = FeedbackRecord.objects.select_for_update().get(pk=record.pk)
            if locked.overdue_flagged_at is not None or locked.did_published_at is not None:
                continue
            for user in _users_to_tell(record):
                notify.notify_user(
                    user,
                    f'Feedback is overdue: "{record.title}" was due {timezone.localtime(record.due_at):%d %B %Y}.',
                    link=record.get_absolute_url(),
                    kind="feedback.overdue",
                )
            locked.overdue_flagged_at = now
            locked.save(update_fields=["overdue_flagged_at"])
            audit.log("system", "feedback.flag_overdue", locked)
            flagged += 1
    return flagged
