"""Building the questionnaire: sections and questions, a new version once answers exist, the equality block."""

from typing import Any

from django.db import transaction

from core import audit
from core.errors import ServiceError

from ..models import (
    Consultation,
    Question,
    Questionnaire,
    Section,
)

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
