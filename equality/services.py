"""Record and withdraw equality-monitoring answers. Nothing here returns an individual's answers."""

import secrets

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.errors import ServiceError
from equality.models import RECORD_KEY_BASE, Answer, Subject, SubjectContext
from equality.questions import BY_KEY

WITHDRAW_SALT = "equality.withdraw"


def _check_context(context: str) -> None:
    kind, _, ident = context.partition(":")
    if not kind or not ident or len(context) > 60:
        raise ServiceError(f"“{context}” is not a context such as “group:12”.", field="contexts")


@transaction.atomic
def record_answers(*, subject_key: str, contexts: list[str], answers: dict[str, str]) -> None:
    """Replace the subject's answers with `answers` (blank answers are skipped) and count them in `contexts`."""
    if not subject_key:
        raise ServiceError("A subject key is needed.", field="subject_key")
    for context in contexts:
        _check_context(context)
    clean: dict[str, str] = {}
    for question_key, value in answers.items():
        if not value:
            continue
        question = BY_KEY.get(question_key)
        if question is None:
            raise ServiceError(f"There is no equality question “{question_key}”.", field=question_key)
        if value not in question.values():
            raise ServiceError(f"Choose one of the answers to “{question.label}”.", field=question_key)
        clean[question_key] = value
    subject, created = Subject.objects.get_or_create(key=subject_key)
    fields = ["answered_at"]
    if not created and dict(subject.answers.values_list("question", "answer")) != clean:
        # A new record key for changed answers: the person stays in the same outputs, so with the old key the
        # population's key (and so the noise) of every cell they did not move between stayed the same, and the
        # cells that changed before/after showed which answer they changed.
        subject.record_key = (subject.record_key + 1 + secrets.randbelow(RECORD_KEY_BASE - 1)) % RECORD_KEY_BASE
        fields.append("record_key")
    subject.save(update_fields=fields)
    subject.answers.all().delete()
    Answer.objects.bulk_create([Answer(subject=subject, question=q, answer=v) for q, v in clean.items()])
    existing = set(subject.contexts.values_list("context", flat=True))
    SubjectContext.objects.bulk_create(
        [SubjectContext(subject=subject, context=c) for c in dict.fromkeys(contexts) if c not in existing]
    )
    # The log says that answers were recorded, never what they were or whose they are.
    audit.log(None, "equality.answers_recorded", changes={"contexts": contexts, "questions": len(clean)})


@transaction.atomic
def withdraw_answers(*, subject_key: str) -> int:
    """Delete every answer of a subject (on their request or with their record); returns answers deleted."""
    subject = Subject.objects.filter(key=subject_key).first()
    if subject is None:
        return 0
    count = subject.answers.count()
    subject.delete()
    audit.log(None, "equality.answers_withdrawn", changes={"answers": count})
    return count


@transaction.atomic
def remove_from_context(*, subject_key: str, context: str) -> None:
    """Stop counting a subject in one context (e.g. when a member leaves a group)."""
    SubjectContext.objects.filter(subject__key=subject_key, context=context).delete()


def withdraw_token(subject_key: str) -> str:
    """A secret token for the person's own "withdraw my answers" link (only the server can make one)."""
    return signing.dumps(subject_key, salt=WITHDRAW_SALT, compress=True)


def subject_key_from_token(token: str) -> str:
    try:
        value = signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature as exc:
        raise ServiceError(_("This link is not valid. Check you copied all of it."), code="bad_token") from exc
    return str(value)


def withdraw_with_token(token: str) -> int:
    """Withdraw the answers of the person who holds this link."""
    return withdraw_answers(subject_key=subject_key_from_token(token))


@transaction.atomic
def add_to_context(*, subject_key: str, context: str) -> None:
    """Count a subject's existing answers in one more context (e.g. when a join request is accepted)."""
    _check_context(context)
    subject = Subject.objects.filter(key=subject_key).first()
    if subject is not None:
        SubjectContext.objects.get_or_create(subject=subject, context=context)
