"""Answers from the public: checking and storing a response, its equality answers and its participant;
erasure and retention of respondents' details."""

import uuid
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext

from core import audit, retention
from core.errors import Conflict, ServiceError
from equality import services as equality_services
from feedback import services as feedback_services

from .. import tallies
from ..models import (
    Answer,
    Consultation,
    Invitation,
    Question,
    Response,
)
from ..queries import option_context, personal_q
from ..validation import clean_answers
from .lifecycle import TOKEN_SALT, AnswersInvalid, ensure_feedback_record

# --- responses ------------------------------------------------------------------------------------------------


def invitation_for_token(consultation: Consultation, token: str) -> Invitation:
    """The invitation behind a personal link, or a clear error if the link is not valid or was used."""
    try:
        raw = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise ServiceError(
            gettext("This invitation link is not valid. Check you copied all of it."), code="bad_token"
        ) from exc
    invitation = Invitation.objects.filter(consultation=consultation, token_hash=Invitation.hash_token(raw)).first()
    if invitation is None:
        raise ServiceError(gettext("This invitation link is not for this consultation."), code="bad_token")
    if invitation.answered_at is not None:
        raise Conflict(gettext("This invitation link has already been used to answer. Each link can be used once."))
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
    language: str = "",
) -> Response:
    """Store one complete response, or nothing. The same idempotency key never stores twice.

    `language` is the language of the page it was given on: the outcome is sent to the person in it."""
    key = (idempotency_key or "").strip()[:64]
    if not key:
        raise ServiceError(gettext("The form has expired. Reload the page and answer again."), code="no_key")
    existing = Response.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.consultation_id != consultation.pk:
            raise Conflict("This submission key was used for another consultation.")
        return existing
    moment = now or timezone.now()
    if consultation.is_historical or not consultation.is_published:
        raise ServiceError(gettext("This consultation is not taking answers."), code="closed")
    if moment < consultation.opens_at:
        raise ServiceError(gettext("This consultation is not open yet."), code="closed")
    if moment >= consultation.closes_at:
        closed = formats.date_format(timezone.localtime(consultation.closes_at), "j E Y, H:i")
        raise ServiceError(
            gettext("This consultation closed on %(date)s. Answers can no longer be accepted.") % {"date": closed},
            code="closed",
        )
    invitation = invitation_for_token(consultation, token) if token else None
    name, email = (name or "").strip()[:200], (email or "").strip()[:254]
    errors: dict[str, str] = {}
    if consultation.identity == Consultation.Identity.NAMED:
        if not name:
            errors["name"] = gettext("Enter your name")
        if not email and invitation is None:
            errors["email"] = gettext("Enter your email address")
    elif consultation.identity == Consultation.Identity.ANONYMOUS:
        name, email = "", ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = gettext("Enter an email address in the correct format, like name@example.com")
    questionnaire = consultation.current_questionnaire()
    if questionnaire is None:
        raise ServiceError(gettext("This consultation has no questions yet."))
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
                    raise Conflict(
                        gettext("This invitation link has already been used to answer. Each link can be used once.")
                    )
            if equality_answers:
                _record_equality(response, equality_answers, cleaned.answers)
            _add_feedback_participant(consultation, response, invitation, language)
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


def _add_feedback_participant(
    consultation: Consultation, response: Response, invitation: Invitation | None, language: str
) -> None:
    """Everyone who left contact or came by invitation is told the outcome when "we did" is published."""
    email = response.email or (invitation.email if invitation else "")
    if not email:
        return
    name = response.name or (invitation.name if invitation else "")
    try:
        feedback_services.add_participant(
            subject=consultation, email=email, name=name, source="consultation", language=language
        )
    except ServiceError as exc:
        if exc.code != "no_record":
            raise
        ensure_feedback_record(consultation, None)
        feedback_services.add_participant(
            subject=consultation, email=email, name=name, source="consultation", language=language
        )


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
