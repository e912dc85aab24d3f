"""The consultations' texts that staff may translate: a consultation's description, its sections, and its
questions with their hints and answers to choose from. Each is kept on its own row (languages.content); the
answers people give are stored and analysed by the English option, never by a translated label."""

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from consultations import queries, services
from consultations.models import Answer, Consultation, Question, Questionnaire, Section
from core import registry

DESCRIPTION = [
    ("title", "Title"),
    ("proposal", "What is proposed"),
    ("why_asking", "Why we are asking"),
    ("can_change", "What can still change"),
    ("cannot_change", "What cannot change"),
    ("how_used", "How your answers will be used"),
    ("audience", "Who is being asked"),
    ("accessible_formats", "Accessible formats and languages"),
    ("historical_note", "Historical note"),
]
# An answer to choose from is kept, when chosen, in `Answer.option`: a translation of it has the same limit.
OPTION_LENGTH: int = Answer._meta.get_field("option").max_length or 200


def consultation_texts(consultation: Consultation) -> list[registry.SourceText]:
    return [registry.SourceText.of(consultation, name, label) for name, label in DESCRIPTION]


def section_texts(section: Section) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(section, "title", "Section title"),
        registry.SourceText.of(section, "intro", "Introduction"),
    ]


def question_texts(question: Question) -> list[registry.SourceText]:
    texts = [registry.SourceText.of(question, "text", "Question"), registry.SourceText.of(question, "hint", "Hint")]
    if question.kind in Question.CHOICE_KINDS:
        texts += [
            registry.SourceText(f"option.{i}", f"Answer {i + 1}", str(option), OPTION_LENGTH)
            for i, option in enumerate(question.options)
        ]
    return texts


def _current(path: str) -> Subquery:
    """The version number of the consultation's current questionnaire, for rows under `path`."""
    latest = Questionnaire.objects.filter(consultation=OuterRef(path)).order_by("-version").values("version")[:1]
    return Subquery(latest)


def translatable_consultations(user: Any) -> QuerySet[Consultation]:
    return queries.runnable_consultations(user).order_by("-opens_at")


def translatable_sections(user: Any) -> QuerySet[Section]:
    return _current_sections(Section.objects.filter(questionnaire__consultation__in=translatable_consultations(user)))


def translatable_questions(user: Any) -> QuerySet[Question]:
    consultations = translatable_consultations(user)
    return _current_questions(Question.objects.filter(section__questionnaire__consultation__in=consultations))


def _current_sections(sections: QuerySet[Section]) -> QuerySet[Section]:
    return sections.filter(questionnaire__version=_current("questionnaire__consultation")).select_related(
        "questionnaire__consultation"
    )


def _current_questions(questions: QuerySet[Question]) -> QuerySet[Question]:
    return questions.filter(
        section__questionnaire__version=_current("section__questionnaire__consultation")
    ).select_related("section__questionnaire__consultation")


def parts(consultation: Consultation) -> list[tuple[str, Any]]:
    """The current questionnaire's sections and questions, in the order people meet them."""
    questionnaire = consultation.current_questionnaire()
    if questionnaire is None:
        return []
    out: list[tuple[str, Any]] = []
    questions = list(
        Question.objects.filter(section__questionnaire=questionnaire).select_related(
            "section__questionnaire__consultation"
        )
    )
    for section in questionnaire.sections.select_related("questionnaire__consultation"):
        out.append(("consultation-section", section))
        out += [("consultation-question", q) for q in questions if q.section_id == section.pk]
    return out


def _back(consultation: Consultation) -> str:
    return reverse("consultations:manage", args=[consultation.pk])


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="consultation",
            label="Consultation",
            order=30,
            model=Consultation,
            editable=translatable_consultations,
            texts=consultation_texts,
            describe=lambda c: c.title,
            back_url=_back,
            changed=services.invalidate_pages,
            parts=parts,
        )
    )
    registry.translatable.add(
        registry.TranslatableKind(
            kind="consultation-section",
            label="Consultation section",
            order=31,
            model=Section,
            editable=translatable_sections,
            texts=section_texts,
            describe=lambda s: f"{s.questionnaire.consultation.title}: {s.title}",
            back_url=lambda s: _back(s.questionnaire.consultation),
            everything=lambda: _current_sections(Section.objects.all()),
        )
    )
    registry.translatable.add(
        registry.TranslatableKind(
            kind="consultation-question",
            label="Consultation question",
            order=32,
            model=Question,
            editable=translatable_questions,
            texts=question_texts,
            describe=lambda q: f"{q.section.questionnaire.consultation.title}: {q.text}",
            back_url=lambda q: _back(q.section.questionnaire.consultation),
            everything=lambda: _current_questions(Question.objects.all()),
        )
    )
