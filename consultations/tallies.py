"""Running counts behind the analysis page, so that it reads a few hundred rows whatever the number of responses.

Every change to a response's answers goes through `add_response` or `remove_response` in the transaction that
makes the change: a stored response adds its answers' counts, a deleted one (by any route: erasure, deletion with
its consultation, the admin) takes them away. `rebuild` recounts a questionnaire from its answers, for data loaded
in bulk and as the reference the tests compare the running counts with.

The counts are of the consultation's own answers; equality answers are never counted here (their protected
aggregates stay in the equality app).
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count

from .models import Answer, PairTally, Question, Questionnaire, Response, Tally

CHOICE = frozenset({Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE})
K = Tally.Kind
BATCH = 400


class Row(NamedTuple):
    """What the counts need of one answer."""

    question_id: int
    kind: str
    option: str
    number: int | None
    ward_borough_id: int | None
    theme_id: int | None


TallyKey = tuple[int, str, str, str]  # question, kind, segment, value
PairKey = tuple[int, int, str, str]  # question, by question, value, by value


class Deltas:
    """Changes to the counts, gathered in memory and written in a few statements."""

    def __init__(self) -> None:
        self.tally: dict[TallyKey, list[int]] = defaultdict(lambda: [0, 0])
        self.pairs: dict[PairKey, int] = defaultdict(int)
        self.responses: dict[int, int] = defaultdict(int)

    def add(self, questionnaire_id: int, borough_id: int | None, rows: Iterable[Row], sign: int) -> None:
        """Count (sign 1) or uncount (sign -1) one response with these answers."""
        self.responses[questionnaire_id] += sign
        answered: set[int] = set()
        chosen: dict[int, list[str]] = defaultdict(list)
        several: set[int] = set()  # multiple-choice questions answered
        segment = "" if borough_id is None else str(borough_id)
        for r in rows:
            answered.add(r.question_id)
            if r.kind in CHOICE:
                if r.option and r.number is None:
                    self.tally[(r.question_id, K.OPTION, "", r.option)][0] += sign
                    self.tally[(r.question_id, K.BOROUGH, segment, r.option)][0] += sign
                    chosen[r.question_id].append(r.option)
                    if r.kind == Question.Kind.MULTIPLE:
                        several.add(r.question_id)
            elif r.kind == Question.Kind.RANKING:
                if r.option and r.number is not None:
                    cell = self.tally[(r.question_id, K.RANK, "", r.option)]
                    cell[0] += sign
                    cell[1] += sign * r.number
                    if r.number == 1:
                        self.tally[(r.question_id, K.FIRST, "", r.option)][0] += sign
            elif r.kind == Question.Kind.NUMBER:
                if r.number is not None:
                    self.tally[(r.question_id, K.NUMBER, "", str(r.number))][0] += sign
            elif r.kind == Question.Kind.PLACE:
                place = "" if r.ward_borough_id is None else str(r.ward_borough_id)
                self.tally[(r.question_id, K.PLACE, "", place)][0] += sign
            elif r.kind in Question.TEXT_KINDS and r.theme_id is not None:
                self.tally[(r.question_id, K.THEME, "", str(r.theme_id))][0] += sign
        for qid in answered:
            self.tally[(qid, K.ANSWERED, "", "")][0] += sign
        for a, a_options in chosen.items():
            for b, b_options in chosen.items():
                if a == b:
                    continue
                for value in a_options:
                    # "Answered b at all" needs a cell of its own only when b takes several answers; for one
                    # answer it is the sum of the row's cells.
                    if b in several:
                        self.pairs[(a, b, value, "")] += sign
                    for by_value in b_options:
                        self.pairs[(a, b, value, by_value)] += sign

    def theme(self, question_id: int, theme_id: int, n: int) -> None:
        self.tally[(question_id, K.THEME, "", str(theme_id))][0] += n

    def save(self) -> None:
        """Add the changes to the stored counts (creating rows as needed), in a fixed order so that two
        transactions touching the same rows never wait for each other in a cycle."""
        tally = sorted((k, v) for k, v in self.tally.items() if v != [0, 0])
        _upsert(
            Tally,
            ["question_id", "kind", "segment", "value", "n", "total"],
            ["question_id", "kind", "segment", "value"],
            ["n", "total"],
            [(*k, v[0], v[1]) for k, v in tally],
        )
        pairs = sorted((k, v) for k, v in self.pairs.items() if v)
        _upsert(
            PairTally,
            ["question_id", "by_question_id", "value", "by_value", "n"],
            ["question_id", "by_question_id", "value", "by_value"],
            ["n"],
            [(*k, v) for k, v in pairs],
        )
        qn = connection.ops.quote_name
        table, column = qn(Questionnaire._meta.db_table), qn("response_count")
        sql = f"UPDATE {table} SET {column} = {column} + %s WHERE id = %s"  # noqa: S608 - names from metadata
        with connection.cursor() as cursor:
            for questionnaire_id, n in sorted(self.responses.items()):
                if n:
                    cursor.execute(sql, [n, questionnaire_id])


def _upsert(model: Any, columns: list[str], key: list[str], added: list[str], rows: list[tuple[Any, ...]]) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding to the counts (SQLite 3.24+ and PostgreSQL share the syntax)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join(qn(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in added)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            sql = (
                f"INSERT INTO {table} ({cols}) VALUES {', '.join([one] * len(batch))} "  # noqa: S608 - names from metadata
                f"ON CONFLICT ({', '.join(qn(c) for c in key)}) DO UPDATE SET {updates}"
            )
            cursor.execute(sql, [v for row in batch for v in row])


def rows_of(answers: Iterable[Answer]) -> list[Row]:
    """Rows from answers in memory (each with its question, and its ward where it has one)."""
    return [
        Row(
            a.question_id,
            a.question.kind,
            a.option,
            a.number,
            a.ward.borough_id if a.ward_id and a.ward is not None else None,
            a.theme_id,
        )
        for a in answers
    ]


ROW_FIELDS = ("question_id", "question__kind", "option", "number", "ward__borough_id", "theme_id")


def add_response(response: Response, answers: Iterable[Answer]) -> None:
    """Count a response just stored, with the answers stored with it."""
    deltas = Deltas()
    deltas.add(response.questionnaire_id, response.borough_id, rows_of(answers), 1)
    deltas.save()


def remove_response(response: Response) -> None:
    """Take a response about to be deleted out of the counts (its answers are read from the database)."""
    rows = [Row(*values) for values in Answer.objects.filter(response=response).values_list(*ROW_FIELDS)]
    deltas = Deltas()
    deltas.add(response.questionnaire_id, response.borough_id, rows, -1)
    deltas.save()


def counted(questionnaire_id: int, answer_model: Any = Answer, response_model: Any = Response) -> Deltas:
    """The counts of a questionnaire recomputed from its responses and answers (read in chunks). The models
    can be a migration's historical ones."""
    deltas = Deltas()
    current: int | None = None
    borough: int | None = None
    rows: list[Row] = []
    responses = response_model.objects.filter(questionnaire_id=questionnaire_id)
    boroughs = dict(responses.values_list("pk", "borough_id"))
    answers = (
        answer_model.objects.filter(response__questionnaire_id=questionnaire_id)
        .order_by("response_id")
        .values_list("response_id", *ROW_FIELDS)
    )
    for response_id, *values in answers.iterator(chunk_size=5000):
        if response_id != current:
            if current is not None:
                deltas.add(questionnaire_id, borough, rows, 1)
            current, borough, rows = response_id, boroughs.pop(response_id, None), []
        rows.append(Row(*values))
    if current is not None:
        deltas.add(questionnaire_id, borough, rows, 1)
    for borough in boroughs.values():  # responses without any answer
        deltas.add(questionnaire_id, borough, [], 1)
    return deltas


def rebuild(questionnaire: Questionnaire) -> None:
    """Recount a questionnaire from scratch (after answers were loaded in bulk)."""
    question_ids = list(Question.objects.filter(section__questionnaire=questionnaire).values_list("pk", flat=True))
    Tally.objects.filter(question_id__in=question_ids).delete()
    PairTally.objects.filter(question_id__in=question_ids).delete()
    Questionnaire.objects.filter(pk=questionnaire.pk).update(response_count=0)
    counted(questionnaire.pk).save()


def move_theme(question_id: int, changes: dict[int, int]) -> None:
    """Change a question's theme counts: {theme id: answers added (or taken away, if negative)}."""
    deltas = Deltas()
    for theme_id, n in changes.items():
        deltas.theme(question_id, theme_id, n)
    deltas.save()
    Tally.objects.filter(question_id=question_id, kind=K.THEME, n__lte=0).delete()


def recount_themes(question: Question) -> None:
    """Count a question's answers per theme afresh (after themes were found again)."""
    Tally.objects.filter(question=question, kind=K.THEME).delete()
    Tally.objects.bulk_create(
        Tally(question=question, kind=K.THEME, value=str(theme_id), n=n)
        for theme_id, n in Answer.objects.filter(question=question, theme__isnull=False)
        .values("theme")
        .annotate(n=Count("pk"))
        .values_list("theme", "n")
    )


# --- reading -----------------------------------------------------------------------------------------------


def for_questions(question_ids: list[int]) -> dict[int, dict[str, list[Tally]]]:
    """{question id: {kind: [tallies with a count]}} for the questions, in one query (no cross-tab cells)."""
    out: dict[int, dict[str, list[Tally]]] = defaultdict(lambda: defaultdict(list))
    for t in Tally.objects.filter(question_id__in=question_ids, n__gt=0).exclude(kind=K.BOROUGH).order_by("pk"):
        out[t.question_id][t.kind].append(t)
    return out


def by_borough(question: Question) -> dict[str, dict[str, int]]:
    """{borough id ("" if not known): {option: answers}} for a choice question."""
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for segment, value, n in Tally.objects.filter(question=question, kind=K.BOROUGH, n__gt=0).values_list(
        "segment", "value", "n"
    ):
        table[segment][value] = n
    return table


def by_question(question: Question, other: Question) -> dict[str, dict[str, int]]:
    """{answer to `other` ("" for no answer): {answer to `question`: answers}}."""
    table: dict[str, dict[str, int]] = defaultdict(dict)
    answered_other: dict[str, int] = {}
    for value, by_value, n in PairTally.objects.filter(question=question, by_question=other, n__gt=0).values_list(
        "value", "by_value", "n"
    ):
        if by_value:
            table[by_value][value] = n
            if other.kind != Question.Kind.MULTIPLE:
                answered_other[value] = answered_other.get(value, 0) + n
        elif other.kind == Question.Kind.MULTIPLE:
            answered_other[value] = n
    for value, n in Tally.objects.filter(question=question, kind=K.OPTION, segment="", n__gt=0).values_list(
        "value", "n"
    ):
        missing = n - answered_other.get(value, 0)
        if missing > 0:
            table[""][value] = missing
    return table
