"""Check a respondent's answers against a questionnaire: the one set of rules for the web form and the API.

Raw answers arrive as {question_id: value}, where value is a string, a list of strings (multiple choice), a
{option: rank} dict (ranking) or an uploaded file. Conditions are evaluated here: a question whose condition
is not met is treated as hidden, so its answer is discarded and it is not required.
"""

import os
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core import bounds
from core.errors import ServiceError
from languages import content
from places.models import Ward
from places.services import find_postcode

from .models import Question

ALLOWED_UPLOAD_EXTENSIONS = {".pdf", ".docx", ".odt", ".txt"}
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000


def upload_limit() -> int:
    return int(getattr(settings, "CONSULTATION_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))


@dataclass
class CleanAnswer:
    question: Question
    options: list[str] = field(default_factory=list)  # single/multiple choice, scale as "1".."5"
    ranks: dict[str, int] = field(default_factory=dict)
    number: int | None = None
    text: str = ""
    ward: Ward | None = None
    file: UploadedFile | None = None


@dataclass
class Cleaned:
    answers: list[CleanAnswer]
    errors: dict[str, str]  # field name -> message

    @property
    def ward(self) -> Ward | None:
        for a in self.answers:
            if a.ward is not None:
                return a.ward
        return None


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not [v for v in value if str(v).strip()]
    if isinstance(value, dict):
        return not [v for v in value.values() if str(v).strip()]
    return False


def _find_place(text: str) -> Ward:
    value = text.strip()
    by_name = list(Ward.objects.select_related("borough").filter(name__iexact=value)[:2])
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        raise ServiceError(_("More than one ward is called %(name)s. Enter your postcode instead.") % {"name": value})
    return find_postcode(value).ward


def _clean_one(q: Question, value: Any) -> CleanAnswer:  # noqa: C901 - one branch per question type
    a = CleanAnswer(question=q)
    kind = q.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
        if isinstance(value, list | tuple):
            if len(value) != 1:
                raise ServiceError(_("Choose one answer."))
            value = value[0]
        choice = str(value).strip()
        if choice not in q.choices():
            if kind == Question.Kind.SCALE:
                raise ServiceError(_("Choose a point on the scale from 1 (strongly disagree) to 5 (strongly agree)."))
            raise ServiceError(_("Choose one of the answers listed."))
        a.options = [choice]
    elif kind == Question.Kind.MULTIPLE:
        values = value if isinstance(value, list | tuple) else [value]
        chosen = [str(v).strip() for v in values if str(v).strip()]
        allowed = q.choices()
        if any(c not in allowed for c in chosen):
            raise ServiceError(_("Choose only from the answers listed."))
        a.options = list(dict.fromkeys(chosen))
    elif kind == Question.Kind.RANKING:
        if isinstance(value, list | tuple):
            ranks = {str(opt): i + 1 for i, opt in enumerate(value)}
        elif isinstance(value, dict):
            ranks = {}
            for opt, r in value.items():
                if str(r).strip() == "":
                    continue
                try:
                    ranks[str(opt)] = int(r)
                except (TypeError, ValueError) as exc:
                    raise ServiceError(_("Give each item a rank number.")) from exc
        else:
            raise ServiceError(_("Rank the items."))
        allowed = q.choices()
        if any(o not in allowed for o in ranks):
            raise ServiceError(_("Rank only the items listed."))
        if any(r < 1 or r > len(allowed) for r in ranks.values()):
            raise ServiceError(_("Use rank numbers from 1 to %(last)s.") % {"last": len(allowed)})
        if len(set(ranks.values())) != len(ranks):
            raise ServiceError(_("Give each item a different rank."))
        a.ranks = ranks
    elif kind == Question.Kind.NUMBER:
        try:
            number = int(str(value).strip())
        except ValueError as exc:
            raise ServiceError(_("Enter a whole number, like 12.")) from exc
        if not -bounds.MAX_ANSWER <= number <= bounds.MAX_ANSWER:
            raise ServiceError(
                _("Enter a number from %(low)s to %(high)s.")
                % {"low": f"{-bounds.MAX_ANSWER:,}", "high": f"{bounds.MAX_ANSWER:,}"}
            )
        if q.min_value is not None and number < q.min_value:
            raise ServiceError(_("Enter a number of %(number)s or more.") % {"number": q.min_value})
        if q.max_value is not None and number > q.max_value:
            raise ServiceError(_("Enter a number of %(number)s or less.") % {"number": q.max_value})
        a.number = number
    elif kind in Question.TEXT_KINDS:
        text = str(value).strip()
        limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise ServiceError(
                _("Keep your answer to %(limit)s characters or fewer (you wrote %(count)s).")
                % {"limit": limit, "count": len(text)}
            )
        a.text = text
    elif kind == Question.Kind.PLACE:
        a.ward = _find_place(str(value))
        a.text = str(value).strip()[:100]
    elif kind == Question.Kind.FILE:
        if not isinstance(value, UploadedFile):
            raise ServiceError(_("Upload the file on the web form."))
        ext = os.path.splitext(value.name or "")[1].lower()
        if ext not in ALLOWED_UPLOAD_EXTENSIONS:
            raise ServiceError(
                _("The file must be a PDF, Word (.docx), OpenDocument (.odt) or plain text (.txt) file.")
            )
        limit = upload_limit()
        if (value.size or 0) > limit:
            raise ServiceError(_("The file must be smaller than %(size)s MB.") % {"size": limit // (1024 * 1024) or 1})
        a.file = value
    return a


def visible_question_ids(questions: list[Question], raw: dict[int, Any]) -> set[int]:
    """Questions shown to this respondent, given their answers (conditions refer to earlier questions)."""
    visible: set[int] = set()
    for q in questions:
        if q.show_if_id is None:
            visible.add(q.pk)
            continue
        if q.show_if_id not in visible:
            continue
        given = raw.get(q.show_if_id)
        given_list = [str(v) for v in given] if isinstance(given, list | tuple) else [str(given or "")]
        if set(given_list) & {str(v) for v in q.show_if_values}:
            visible.add(q.pk)
    return visible


def clean_answers(questions: list[Question], raw: dict[int, Any]) -> Cleaned:
    """Validate every visible question; hidden questions' answers are dropped."""
    visible = visible_question_ids(questions, raw)
    answers: list[CleanAnswer] = []
    errors: dict[str, str] = {}
    for q in questions:
        if q.pk not in visible:
            continue
        value = raw.get(q.pk)
        if _is_empty(value):
            if q.required:
                message = (
                    _("Upload a file: %(question)s")
                    if q.kind == Question.Kind.FILE
                    else _("Answer this question: %(question)s")
                )
                errors[q.field_name] = message % {"question": content.text(q, "text")}
            continue
        try:
            answers.append(_clean_one(q, value))
        except ServiceError as exc:
            errors[q.field_name] = exc.message
    return Cleaned(answers=answers, errors=errors)
