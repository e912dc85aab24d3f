"""Consultation use cases: build and version questionnaires, take responses, invite and remind, edit themes."""

import secrets
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from activities import services as activity_services
from activities.models import Activity
from core import audit, pagecache, retention
from core.errors import Conflict, ServiceError
from equality import services as equality_services
from feedback import services as feedback_services
from notifications import notify

from . import tallies
from .models import (
    Answer,
    Consultation,
    Invitation,
    Question,
    Questionnaire,
    Quota,
    Response,
    Section,
    Theme,
    ThemeRun,
)
from .queries import option_context, personal_q
from .themes import cluster_answers
from .validation import clean_answers

TOKEN_SALT = "consultations.invitation"  # noqa: S105 - a signing salt, not a secret
CONSULTATION_FIELDS = [
    "title",
    "proposal",
    "why_asking",
    "can_change",
    "cannot_change",
    "how_used",
    "audience",
    "accessible_formats",
    "contact_email",
    "opens_at",
    "closes_at",
    "identity",
    "organising_unit",
    "london_wide",
]


class AnswersInvalid(ServiceError):
    """Some answers cannot be accepted; `errors` maps each question's field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.values()), "Check your answers.")
        super().__init__(first, code="invalid_answers")
        self.errors = errors


def _invalidate_pages(consultation: Consultation) -> None:
    pagecache.invalidate(
        wards=list(consultation.wards.values_list("pk", flat=True)),
        boroughs=list(consultation.boroughs.values_list("pk", flat=True)),
        london=True,
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "consultation"
    slug, n = base, 2
    while Consultation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _check_dates(data: dict[str, Any]) -> None:
    if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
        raise ServiceError("The closing date must be after the opening date.", field="closes_at")


@transaction.atomic
def create_consultation(*, by: Any, data: dict[str, Any]) -> Consultation:
    """A draft consultation with an empty first questionnaire."""
    _check_dates(data)
    wards, boroughs = list(data.get("wards") or []), list(data.get("boroughs") or [])
    if not (wards or boroughs or data.get("london_wide")):
        raise ServiceError("Choose the areas this consultation concerns, or London as a whole.", field="boroughs")
    consultation = Consultation.objects.create(
        slug=_unique_slug(data["title"]),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **{k: data[k] for k in CONSULTATION_FIELDS if k in data},
    )
    consultation.wards.set(wards)
    consultation.boroughs.set(boroughs)
    Questionnaire.objects.create(consultation=consultation, version=1)
    audit.log(by, "consultation.created", consultation, changes=audit.snapshot(consultation))
    return consultation


@transaction.atomic
def update_consultation(*, consultation: Consultation, by: Any, data: dict[str, Any]) -> Consultation:
    _check_dates(data)
    before = audit.snapshot(consultation)
    for k in CONSULTATION_FIELDS:
        if k in data:
            setattr(consultation, k, data[k])
    consultation.save()
    if "wards" in data:
        consultation.wards.set(data["wards"])
    if "boroughs" in data:
        consultation.boroughs.set(data["boroughs"])
    audit.log(by, "consultation.updated", consultation, changes=audit.diff(before, audit.snapshot(consultation)))
    if consultation.is_published:
        ensure_feedback_record(consultation, by)  # keeps the outcome's target in step with the closing date
    _invalidate_pages(consultation)
    _sync_register(consultation, by)
    return consultation


@transaction.atomic
def publish_consultation(*, consultation: Consultation, by: Any) -> Consultation:
    questionnaire = consultation.current_questionnaire()
    if questionnaire is None or not Question.objects.filter(section__questionnaire=questionnaire).exists():
        raise ServiceError("Add at least one question before you publish the consultation.")
    consultation.is_published = True
    consultation.save(update_fields=["is_published", "updated_at"])
    audit.log(by, "consultation.published", consultation)
    ensure_feedback_record(consultation, by)
    _invalidate_pages(consultation)
    _sync_register(consultation, by)
    return consultation


@transaction.atomic
def close_consultation(*, consultation: Consultation, by: Any) -> Consultation:
    """Stop taking answers now (before the planned closing time); the outcome is then owed from today."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_published:
        raise Conflict("Only a published consultation can be closed.")
    now = timezone.now()
    if consultation.closes_at <= now:
        raise Conflict("This consultation has already closed.")
    if consultation.opens_at > now:
        raise Conflict("This consultation has not opened yet: change its dates, or leave it unpublished.")
    before = audit.snapshot(consultation)
    consultation.closes_at = now
    consultation.save(update_fields=["closes_at", "updated_at"])
    audit.log(by, "consultation.closed", consultation, changes=audit.diff(before, audit.snapshot(consultation)))
    ensure_feedback_record(consultation, by)
    _invalidate_pages(consultation)
    _sync_register(consultation, by)
    return consultation


def _sync_register(consultation: Consultation, by: Any) -> None:
    """Enter a published consultation in the engagement register (once), so it counts in clashes and fatigue.

    The register needs an organising unit; a consultation without one (e.g. loaded as demo data) is not entered.
    """
    if not consultation.is_published or consultation.activity_id or consultation.organising_unit is None:
        return
    data = {
        "title": consultation.title,
        "purpose": consultation.why_asking,
        "use_of_results": consultation.how_used,
        "method": Activity.Method.SURVEY,
        "tier": Activity.Tier.CENTRAL if consultation.london_wide else Activity.Tier.BUSINESS_GROUP,
        "organising_unit": consultation.organising_unit,
        "wards": list(consultation.wards.all()),
        "boroughs": list(consultation.boroughs.all()),
        "london_wide": consultation.london_wide,
        "starts_at": consultation.opens_at,
        # The register holds occurrences of up to a year; a longer consultation is entered for its first year.
        "ends_at": min(consultation.closes_at, consultation.opens_at + timedelta(days=365)),
        "is_public": True,
        "status": Activity.Status.CONFIRMED,
    }
    if by is not None and getattr(by, "is_authenticated", False):
        data["lead"] = by
    activity = activity_services.record_activity(by=by, data=data, check_scope=False)
    consultation.activity_id = activity.pk
    consultation.save(update_fields=["activity_id"])


# --- questionnaire building and versions ----------------------------------------------------------------


def _clone_questionnaire(old: Questionnaire) -> tuple[Questionnaire, dict[int, int], dict[int, int]]:
    """A new, unlocked version with the same sections and questions; returns (new, section map, question map)."""
    new = Questionnaire.objects.create(
        consultation=old.consultation, version=old.version + 1, include_equality=old.include_equality
    )
    section_map: dict[int, int] = {}
    question_map: dict[int, int] = {}
    pending_conditions: list[tuple[Question, int]] = []
    for section in old.sections.all():
        new_section = Section.objects.create(
            questionnaire=new, position=section.position, title=section.title, intro=section.intro
        )
        section_map[section.pk] = new_section.pk
        for q in section.questions.all():
            old_pk, show_if_id = q.pk, q.show_if_id
            q.pk = None
            q.id = None
            q.section = new_section
            q.show_if_id = None
            q.save()
            question_map[old_pk] = q.pk
            if show_if_id:
                pending_conditions.append((q, show_if_id))
    for q, old_condition in pending_conditions:
        q.show_if_id = question_map.get(old_condition)
        q.save(update_fields=["show_if"])
    return new, section_map, question_map


def editable_questionnaire(consultation: Consultation, by: Any) -> tuple[Questionnaire, dict[int, int], dict[int, int]]:
    """The questionnaire to edit: the current one, or a new version of it if answers have arrived."""
    current = consultation.current_questionnaire()
    if current is None:
        return Questionnaire.objects.create(consultation=consultation, version=1), {}, {}
    if not current.is_locked():
        return current, {}, {}
    new, smap, qmap = _clone_questionnaire(current)
    audit.log(by, "consultation.questionnaire_versioned", consultation, changes={"version": new.version})
    return new, smap, qmap


@transaction.atomic
def add_section(*, consultation: Consultation, by: Any, title: str, intro: str = "") -> Section:
    questionnaire, _, _ = editable_questionnaire(consultation, by)
    position = questionnaire.sections.count() + 1
    section = Section.objects.create(questionnaire=questionnaire, title=title, intro=intro, position=position)
    audit.log(by, "consultation.section_added", consultation, changes={"section": title})
    return section


def _check_question(data: dict[str, Any], questionnaire: Questionnaire, question: Question | None = None) -> None:
    kind = data["kind"]
    options = [str(o).strip() for o in data.get("options") or [] if str(o).strip()]
    data["options"] = options
    if kind in Question.CHOICE_KINDS and len(options) < 2:
        raise ServiceError("Give at least two answers to choose from, one a line.", field="options")
    if len(set(options)) != len(options):
        raise ServiceError("Each answer to choose from must be different.", field="options")
    if kind == Question.Kind.NUMBER:
        lo, hi = data.get("min_value"), data.get("max_value")
        if lo is not None and hi is not None and lo > hi:
            raise ServiceError("The smallest number allowed must not be more than the largest.", field="max_value")
    show_if = data.get("show_if")
    if show_if is not None:
        if show_if.section.questionnaire_id != questionnaire.pk:
            raise ServiceError("A condition can only refer to a question in this questionnaire.", field="show_if")
        if show_if.kind not in Question.CONDITION_KINDS:
            raise ServiceError(
                "A condition can only refer to a single choice, multiple choice or scale question.", field="show_if"
            )
        if question is not None and show_if.pk == question.pk:
            raise ServiceError("A question cannot depend on itself.", field="show_if")
        values = [str(v).strip() for v in data.get("show_if_values") or [] if str(v).strip()]
        if not values or any(v not in show_if.choices() for v in values):
            raise ServiceError(
                f"Give the answers to “{show_if.text}” that show this question, exactly as listed.",
                field="show_if_values",
            )
        data["show_if_values"] = values
    else:
        data["show_if_values"] = []


QUESTION_FIELDS = ["kind", "text", "hint", "required", "options", "min_value", "max_value", "show_if", "show_if_values"]


@transaction.atomic
def add_question(*, consultation: Consultation, by: Any, section: Section, data: dict[str, Any]) -> Question:
    questionnaire, smap, qmap = editable_questionnaire(consultation, by)
    if section.questionnaire.consultation_id != consultation.pk:
        raise ServiceError("That section belongs to another consultation.", field="section")
    section = Section.objects.get(pk=smap.get(section.pk, section.pk))
    if data.get("show_if") is not None and qmap:
        data["show_if"] = Question.objects.get(pk=qmap[data["show_if"].pk])
    _check_question(data, questionnaire)
    position = section.questions.count() + 1
    question = Question.objects.create(
        section=section, position=position, **{k: data.get(k) for k in QUESTION_FIELDS if k in data}
    )
    audit.log(by, "consultation.question_added", consultation, changes={"question": question.text})
    return question


@transaction.atomic
def update_question(*, consultation: Consultation, by: Any, question: Question, data: dict[str, Any]) -> Question:
    questionnaire, _, qmap = editable_questionnaire(consultation, by)
    question = Question.objects.get(pk=qmap.get(question.pk, question.pk))
    if data.get("show_if") is not None and qmap:
        data["show_if"] = Question.objects.get(pk=qmap[data["show_if"].pk])
    _check_question(data, questionnaire, question)
    for k in QUESTION_FIELDS:
        if k in data:
            setattr(question, k, data[k])
    question.save()
    audit.log(by, "consultation.question_updated", consultation, changes={"question": question.text})
    return question


@transaction.atomic
def remove_question(*, consultation: Consultation, by: Any, question: Question) -> Questionnaire:
    questionnaire, _, qmap = editable_questionnaire(consultation, by)
    target = Question.objects.get(pk=qmap.get(question.pk, question.pk))
    text = target.text
    target.delete()
    audit.log(by, "consultation.question_removed", consultation, changes={"question": text})
    return questionnaire


@transaction.atomic
def set_equality_block(*, consultation: Consultation, by: Any, include: bool) -> Questionnaire:
    questionnaire, _, _ = editable_questionnaire(consultation, by)
    questionnaire.include_equality = include
    questionnaire.save(update_fields=["include_equality"])
    audit.log(by, "consultation.equality_block", consultation, changes={"include": include})
    return questionnaire


# --- responses ------------------------------------------------------------------------------------------------


def invitation_for_token(consultation: Consultation, token: str) -> Invitation:
    """The invitation behind a personal link, or a clear error if the link is not valid or was used."""
    try:
        raw = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise ServiceError("This invitation link is not valid. Check you copied all of it.", code="bad_token") from exc
    invitation = Invitation.objects.filter(consultation=consultation, token_hash=Invitation.hash_token(raw)).first()
    if invitation is None:
        raise ServiceError("This invitation link is not for this consultation.", code="bad_token")
    if invitation.answered_at is not None:
        raise Conflict("This invitation link has already been used to answer. Each link can be used once.")
    return invitation


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def submit_response(
    *,
    consultation: Consultation,
    raw: dict[int, Any],
    idempotency_key: str,
    token: str = "",
    name: str = "",
    email: str = "",
    user: Any = None,
    equality_answers: dict[str, str] | None = None,
    is_fictional: bool = False,
    now: Any = None,
) -> Response:
    """Store one complete response, or nothing. The same idempotency key never stores twice."""
    key = (idempotency_key or "").strip()[:64]
    if not key:
        raise ServiceError("The form has expired. Reload the page and answer again.", code="no_key")
    existing = Response.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.consultation_id != consultation.pk:
            raise Conflict("This submission key was used for another consultation.")
        return existing
    moment = now or timezone.now()
    if consultation.is_historical or not consultation.is_published:
        raise ServiceError("This consultation is not taking answers.", code="closed")
    if moment < consultation.opens_at:
        raise ServiceError("This consultation is not open yet.", code="closed")
    if moment >= consultation.closes_at:
        closed = timezone.localtime(consultation.closes_at).strftime("%-d %B %Y at %H:%M")
        raise ServiceError(f"This consultation closed on {closed}. Answers can no longer be accepted.", code="closed")
    invitation = invitation_for_token(consultation, token) if token else None
    name, email = (name or "").strip()[:200], (email or "").strip()[:254]
    errors: dict[str, str] = {}
    if consultation.identity == Consultation.Identity.NAMED:
        if not name:
            errors["name"] = "Enter your name"
        if not email and invitation is None:
            errors["email"] = "Enter your email address"
    elif consultation.identity == Consultation.Identity.ANONYMOUS:
        name, email = "", ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    questionnaire = consultation.current_questionnaire()
    if questionnaire is None:
        raise ServiceError("This consultation has no questions yet.")
    questions = list(Question.objects.filter(section__questionnaire=questionnaire).select_related("section"))
    cleaned = clean_answers(questions, raw)
    errors.update(cleaned.errors)
    if errors:
        raise AnswersInvalid(errors)
    ward = cleaned.ward
    borough_id = ward.borough_id if ward is not None else (invitation.borough_id if invitation else None)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                consultation=consultation,
                questionnaire=questionnaire,
                idempotency_key=key,
                invitation=invitation,
                submitted_at=moment,
                ward=ward,
                borough_id=borough_id,
                name=name,
                email=email,
                user=user if getattr(user, "is_authenticated", False) else None,
                is_fictional=is_fictional,
            )
            rows: list[Answer] = []
            files: list[tuple[Answer, Any]] = []
            for a in cleaned.answers:
                q = a.question
                if a.options:
                    for opt in a.options:
                        rows.append(Answer(response=response, question=q, option=opt))
                elif a.ranks:
                    for opt, rank in a.ranks.items():
                        rows.append(Answer(response=response, question=q, option=opt, number=rank))
                elif a.file is not None:
                    files.append((Answer(response=response, question=q), a.file))
                else:
                    rows.append(Answer(response=response, question=q, number=a.number, text=a.text, ward=a.ward))
            Answer.objects.bulk_create(rows)
            for answer, upload in files:
                answer.file.save(upload.name, upload, save=False)
                answer.save()
            tallies.add_response(response, [*rows, *(answer for answer, _ in files)])
            if invitation is not None:
                used = Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(answered_at=moment)
                if not used:
                    raise Conflict("This invitation link has already been used to answer. Each link can be used once.")
            if equality_answers:
                _record_equality(response, equality_answers, cleaned.answers)
            _add_feedback_participant(consultation, response, invitation)
    except IntegrityError:
        # A double click or retry that raced this one: the other request stored the response.
        existing = Response.objects.filter(idempotency_key=key, consultation=consultation).first()
        if existing is None:
            raise
        return existing
    return response


def _record_equality(response: Response, answers: dict[str, str], cleaned: list[Any]) -> None:
    """Equality answers go to the equality records, counted in the consultation and in one context per
    single-choice or scale answer, so cross-tabs by equality dimension come from protected aggregates."""
    if not any(answers.values()):
        return
    contexts = [f"consultation:{response.consultation_id}"]
    for a in cleaned:
        q = a.question
        if q.kind in (Question.Kind.SINGLE, Question.Kind.SCALE) and a.options:
            contexts.append(option_context(response.consultation_id, q.pk, q.choices().index(a.options[0])))
    equality_services.record_answers(subject_key=response.subject_key, contexts=contexts, answers=answers)


def ensure_feedback_record(consultation: Consultation, by: Any) -> None:
    """The consultation's "we asked, you said, we did" record (created once)."""
    feedback_services.ensure_record(
        subject=consultation,
        by=by,
        asked=consultation.proposal,
        title=consultation.title,
        wards=list(consultation.wards.values_list("pk", flat=True)),
        boroughs=list(consultation.boroughs.values_list("pk", flat=True)),
        london_wide=consultation.london_wide,
    )


def _add_feedback_participant(consultation: Consultation, response: Response, invitation: Invitation | None) -> None:
    """Everyone who left contact or came by invitation is told the outcome when "we did" is published."""
    email = response.email or (invitation.email if invitation else "")
    if not email:
        return
    name = response.name or (invitation.name if invitation else "")
    try:
        feedback_services.add_participant(subject=consultation, email=email, name=name, source="consultation")
    except ServiceError as exc:
        if exc.code != "no_record":
            raise
        ensure_feedback_record(consultation, None)
        feedback_services.add_participant(subject=consultation, email=email, name=name, source="consultation")


# --- invitations -----------------------------------------------------------------------------------------


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(24)
    return signing.Signer(salt=TOKEN_SALT).sign(raw), Invitation.hash_token(raw)


def parse_email_list(text: str) -> list[tuple[str, str]]:
    """(email, name) pairs from an uploaded CSV or pasted list: one a line, email first, optional name."""
    import csv
    import io

    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for row in csv.reader(io.StringIO(text)):
        cells = [c.strip() for c in row if c.strip()]
        if not cells or cells[0].lower() in {"email", "email address"}:
            continue
        try:
            validate_email(cells[0])
        except ValidationError:
            bad.append(cells[0])
            continue
        pairs.append((cells[0].lower(), cells[1] if len(cells) > 1 else ""))
    if bad:
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise ServiceError(f"These are not email addresses: {shown}. Correct the list and upload it again.")
    if not pairs:
        raise ServiceError("The list has no email addresses.")
    return pairs


@transaction.atomic
def invite(
    *,
    consultation: Consultation,
    by: Any,
    body_kind: str,
    recipients: Iterable[dict[str, Any]],
) -> int:
    """Create invitations (one per new address) and email each its personal link. Returns how many were new."""
    if consultation.is_historical:
        raise ServiceError("A historical example cannot send invitations.")
    if timezone.now() >= consultation.closes_at:
        raise ServiceError("This consultation has closed; invitations can no longer be sent.")
    already = set(consultation.invitations.exclude(email="").values_list("email", flat=True))
    created = 0
    for r in recipients:
        email = (r.get("email") or "").strip().lower()
        if not email or email in already:
            continue
        already.add(email)
        token, token_hash = _new_token()
        invitation = Invitation.objects.create(
            consultation=consultation,
            body_kind=body_kind,
            body_name=(r.get("body_name") or "")[:200],
            borough_id=r.get("borough_id"),
            email=email,
            name=(r.get("name") or "")[:200],
            token_hash=token_hash,
            sent_at=timezone.now(),
        )
        _email_invitation(consultation, invitation, token, reminder=False)
        created += 1
    audit.log(by, "consultation.invited", consultation, changes={"body_kind": body_kind, "count": created})
    return created


def _answer_link(consultation: Consultation, token: str) -> str:
    from django.conf import settings
    from django.urls import reverse

    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{reverse('consultations:answer', args=[consultation.slug])}?invitation={token}"


def _email_invitation(consultation: Consultation, invitation: Invitation, token: str, *, reminder: bool) -> None:
    closes = timezone.localtime(consultation.closes_at).strftime("%-d %B %Y")
    greeting = f"Dear {invitation.name}," if invitation.name else "Hello,"
    lead = "A reminder: we would still like to hear from you." if reminder else "We would like to hear from you."
    body_line = f"We are asking {invitation.body_name}.\n\n" if invitation.body_name else ""
    text = (
        f"{greeting}\n\n{lead}\n\n{consultation.title}\n\n{body_line}"
        f"Why we are asking: {consultation.why_asking}\n\n"
        f"Answer here (this link is personal and can be used once): {_answer_link(consultation, token)}\n\n"
        f"The consultation closes on {closes}.\n\n{consultation.accessible_formats}\n"
    )
    subject = ("Reminder: " if reminder else "") + f"Have your say: {consultation.title}"
    notify.send_email(
        to=invitation.email,
        subject=subject,
        text=text,
        reason="consultations.reminder" if reminder else "consultations.invitation",
    )


@transaction.atomic
def send_reminders(*, consultation: Consultation, by: Any) -> int:
    """Remind, with a fresh personal link, everyone invited by email who has not answered."""
    if not consultation.is_open():
        raise ServiceError("Reminders can only be sent while the consultation is open.")
    count = 0
    pending = consultation.invitations.filter(answered_at__isnull=True).exclude(email="")
    for invitation in pending.select_for_update():
        token, token_hash = _new_token()
        invitation.token_hash = token_hash
        invitation.reminded_at = timezone.now()
        invitation.save(update_fields=["token_hash", "reminded_at"])
        _email_invitation(consultation, invitation, token, reminder=True)
        count += 1
    audit.log(by, "consultation.reminded", consultation, changes={"count": count})
    return count


@transaction.atomic
def add_quota(
    *, consultation: Consultation, by: Any, name: str, target: int, boroughs: Iterable[Any], conditions: list[dict]
) -> Quota:
    if target < 1:
        raise ServiceError("The target must be at least 1.", field="target")
    for c in conditions:
        q = Question.objects.filter(
            pk=int(c.get("question") or 0), section__questionnaire__consultation=consultation
        ).first()
        if q is None:
            raise ServiceError("A quota condition refers to a question not in this consultation.", field="question")
        if not c.get("values") or any(str(v) not in q.choices() for v in c["values"]):
            raise ServiceError(f"Give answers to “{q.text}” exactly as listed.", field="values")
    quota = Quota.objects.create(consultation=consultation, name=name, target=target, conditions=conditions)
    quota.boroughs.set(list(boroughs))
    audit.log(by, "consultation.quota_added", consultation, changes={"quota": name, "target": target})
    return quota


# --- themes ------------------------------------------------------------------------------------------------------


def find_themes(*, question: Question, by: Any, k: int | None = None) -> list[Theme]:
    """Group the free-text answers to a question into themes (replacing earlier automatic themes), here and now:
    for tests and commands. Staff ask for it with `request_themes`, which runs it as a background task."""
    _check_text(question)
    return _store_themes(question, cluster_answers(question, k=k), by)


def _check_text(question: Question) -> None:
    if question.kind not in Question.TEXT_KINDS:
        raise ServiceError("Themes can only be found for text questions.")


@transaction.atomic
def _store_themes(question: Question, found: list[tuple[str, list[int]]], by: Any) -> list[Theme]:
    question.themes.filter(is_automatic=True).delete()
    themes: list[Theme] = []
    for i, (label, answer_ids) in enumerate(found):
        theme = Theme.objects.create(question=question, name=label, position=i + 1, is_automatic=True)
        for start in range(0, len(answer_ids), 1000):
            Answer.objects.filter(pk__in=answer_ids[start : start + 1000]).update(theme=theme)
        themes.append(theme)
    tallies.recount_themes(question)
    audit.log(
        by, "consultation.themes_found", question.section.questionnaire.consultation, changes={"count": len(themes)}
    )
    return themes


# A run still queued or running after this long is taken to have died with its worker.
THEME_RUN_STALE = timedelta(hours=1)


@transaction.atomic
def request_themes(*, question: Question, by: Any) -> tuple[ThemeRun, bool]:
    """Ask for the themes of a text question to be found in the background; returns (the run, whether it is new).
    A question has one run at a time: asking again while one is under way returns that one."""
    _check_text(question)
    active = (
        ThemeRun.objects.select_for_update()
        .filter(
            question=question,
            status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING],
            requested_at__gte=timezone.now() - THEME_RUN_STALE,
        )
        .first()
    )
    if active is not None:
        return active, False
    run = ThemeRun.objects.create(
        question=question, requested_by=by if getattr(by, "is_authenticated", False) else None
    )
    audit.log(by, "consultation.themes_requested", question.section.questionnaire.consultation)
    return run, True


def run_themes(run_id: int) -> int:
    """Find the themes of a requested run (in a background task), recording progress as it reads the answers.
    Returns the number of themes found; a run already taken by another worker is left alone."""
    if not ThemeRun.objects.filter(pk=run_id, status=ThemeRun.Status.QUEUED).update(status=ThemeRun.Status.RUNNING):
        return 0
    run = ThemeRun.objects.select_related("question__section__questionnaire__consultation", "requested_by").get(
        pk=run_id
    )

    def progress(done: int, total: int) -> None:
        ThemeRun.objects.filter(pk=run_id).update(done=done, total=total)

    try:
        themes = _store_themes(run.question, cluster_answers(run.question, progress=progress), run.requested_by)
    except Exception as exc:
        ThemeRun.objects.filter(pk=run_id).update(
            status=ThemeRun.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    ThemeRun.objects.filter(pk=run_id).update(
        status=ThemeRun.Status.DONE, themes=len(themes), finished_at=timezone.now()
    )
    return len(themes)


@transaction.atomic
def rename_theme(*, theme: Theme, by: Any, name: str) -> Theme:
    name = name.strip()
    if not name:
        raise ServiceError("Enter a name for the theme.", field="name")
    old = theme.name
    theme.name = name[:200]
    theme.is_automatic = False
    theme.save(update_fields=["name", "is_automatic"])
    audit.log(by, "consultation.theme_renamed", theme, changes={"name": [old, theme.name]})
    return theme


@transaction.atomic
def merge_themes(*, into: Theme, others: Iterable[Theme], by: Any) -> Theme:
    merged = [t for t in others if t.pk != into.pk]
    if any(t.question_id != into.question_id for t in merged):
        raise ServiceError("Themes can only be merged within one question.")
    moved = dict(
        Answer.objects.filter(theme__in=merged).values("theme").annotate(n=Count("pk")).values_list("theme", "n")
    )
    Answer.objects.filter(theme__in=merged).update(theme=into)
    tallies.move_theme(into.question_id, {into.pk: sum(moved.values()), **{t: -n for t, n in moved.items()}})
    names = [t.name for t in merged]
    Theme.objects.filter(pk__in=[t.pk for t in merged]).delete()
    into.is_automatic = False
    into.save(update_fields=["is_automatic"])
    audit.log(by, "consultation.themes_merged", into, changes={"merged": names})
    return into


@transaction.atomic
def move_answer(*, answer: Answer, theme: Theme | None, by: Any) -> Answer:
    if theme is not None and theme.question_id != answer.question_id:
        raise ServiceError("Move an answer only to a theme of the same question.")
    before = answer.theme_id
    answer.theme = theme
    answer.save(update_fields=["theme"])
    changes: dict[int, int] = {}
    if before is not None:
        changes[before] = -1
    if theme is not None:
        changes[theme.pk] = changes.get(theme.pk, 0) + 1
    tallies.move_theme(answer.question_id, changes)
    if theme is not None:
        Theme.objects.filter(pk=theme.pk).update(is_automatic=False)
    audit.log(by, "consultation.answer_moved", answer, changes={"theme": theme.name if theme else None})
    return answer


@transaction.atomic
def add_theme(*, question: Question, by: Any, name: str) -> Theme:
    if not name.strip():
        raise ServiceError("Enter a name for the theme.", field="name")
    theme = Theme.objects.create(
        question=question, name=name.strip()[:200], position=question.themes.count() + 1, is_automatic=False
    )
    audit.log(by, "consultation.theme_added", theme)
    return theme


@transaction.atomic
def erase_personal_data(user: Any) -> int:
    """Delete the responses a person gave signed in, under their email address or through their invitation,
    with every answer, uploaded file and equality answer; their invitations lose the name and address.

    An identified response cannot be made anonymous by blanking the name: its free-text answers may say who
    wrote them. The consultation's counts drop by the responses erased.
    """
    responses = list(Response.objects.filter(personal_q(user)).prefetch_related("answers"))
    files = [a.file.name for r in responses for a in r.answers.all() if a.file and a.file.name]
    for response in responses:
        equality_services.withdraw_answers(subject_key=response.subject_key)
        response.delete()
    storage = Answer._meta.get_field("file").storage  # type: ignore[attr-defined]

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    # Files are not part of the transaction: they go only once the erasure is committed.
    transaction.on_commit(delete_files)
    invitations = 0
    if getattr(user, "email", ""):
        invitations = Invitation.objects.filter(email__iexact=user.email).update(email="", name="")
    if responses or invitations:
        audit.log(None, "consultation.personal_data_erased", changes={"responses": len(responses)})
    return len(responses) + invitations


@transaction.atomic
def expire_contacts(now: Any) -> int:
    """Responses to consultations that closed longer ago than CONSULTATION_CONTACT_RETENTION_DAYS lose the
    respondent's name, email and account link; invitations lose the address they went to."""
    closed = Q(consultation__closes_at__lt=retention.cutoff(now, "CONSULTATION_CONTACT_RETENTION_DAYS"))
    named = Response.objects.filter(closed).exclude(name="", email="", user=None)
    count = named.update(name="", email="", user=None)
    return count + Invitation.objects.filter(closed).exclude(email="", name="").update(email="", name="")
