"""Themes in free-text answers: finding them (now or in the background), renaming, merging, moving answers."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core import audit
from core.errors import ServiceError

from .. import tallies
from ..models import (
    Answer,
    Question,
    Theme,
    ThemeRun,
)
from ..themes import cluster_answers

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
