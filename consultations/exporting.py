"""The raw answers of one questionnaire version, one row per response, for the CSV and XLSX downloads.

Responses are read a chunk at a time by primary key, and each chunk's answers in one query that gives each
answer as the text the export shows, in the order of the row's cells (no aggregate in the database: sorting
inside one per cell cost more than everything else). Ward and borough names come from small lookups. Memory
stays flat and the rate does not fall with N.
"""

import io
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from django.db import connection
from django.utils import timezone

from core.exports import csv_writer
from core.xlsx_stream import stream_xlsx
from places.models import Borough, Ward

from .models import Answer, Consultation, Question, Questionnaire, Response

CHUNK = 2000


def _names(model: Any) -> dict[int, str]:
    return dict(model.objects.values_list("pk", "name"))


def _answers_sql() -> str:
    """Each answer of the responses in a range of ids as the text the export shows, with its response and
    question, in the order the cells join them: by response, question, rank, then arrival."""
    qn = connection.ops.quote_name
    answers, wards = qn(Answer._meta.db_table), qn(Ward._meta.db_table)
    # The ward's name only for the few answers that name a ward (no join for all the others).
    ward = f"(SELECT CASE WHEN a.text <> '' THEN w.name || ' (' || a.text || ')' ELSE w.name END FROM {wards} w "  # noqa: S608
    value = (
        "CASE WHEN a.option <> '' AND a.number IS NOT NULL THEN CAST(a.number AS TEXT) || '. ' || a.option "
        "WHEN a.option <> '' THEN a.option WHEN a.number IS NOT NULL THEN CAST(a.number AS TEXT) "
        f"WHEN a.ward_id IS NOT NULL THEN {ward}WHERE w.id = a.ward_id) WHEN a.file <> '' THEN a.file ELSE a.text END"
    )
    return (
        f"SELECT a.response_id, a.question_id, {value} FROM {answers} a "  # noqa: S608 - names from metadata
        "WHERE a.response_id >= %s AND a.response_id <= %s ORDER BY a.response_id, a.question_id, a.number, a.id"
    )


def row_chunks(consultation: Consultation, questionnaire: Questionnaire) -> Iterator[list[list[str]]]:
    """The header (a chunk of its own), then one row per response in order of arrival, a chunk of rows at a time."""
    questions = list(Question.objects.filter(section__questionnaire=questionnaire).values_list("pk", "text"))
    named = consultation.identity != Consultation.Identity.ANONYMOUS
    header = ["response", "submitted_at", "borough", "ward", "invited_body"]
    if named:
        header += ["name", "email"]
    header += [f"Q{i + 1}. {text}" for i, (_, text) in enumerate(questions)]
    yield [header]
    boroughs, wards = _names(Borough), _names(Ward)
    column = {pk: i for i, (pk, _) in enumerate(questions)}
    unanswered = [""] * len(questions)
    tz = timezone.get_current_timezone()
    responses = Response.objects.filter(questionnaire=questionnaire).order_by("pk")
    fields = ("pk", "submitted_at", "borough_id", "ward_id", "invitation__body_kind", "name", "email")
    sql = _answers_sql()
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last).values_list(*fields)[:CHUNK])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        # One range scan of the index on response, question, number and id (the cells' order: no sort), the
        # values formatted by the database and read with a plain cursor (the ORM's per-row work would cost more
        # than everything else here); each response's cells laid out here, a question's answers joined with "; "
        # as they come.
        given: dict[int, list[str]] = {}
        cells = unanswered
        response_id = question_id = None
        with connection.cursor() as cursor:
            cursor.execute(sql, [first, last])
            for rid, qid, value in chain.from_iterable(iter(lambda: cursor.fetchmany(10000), [])):
                if rid != response_id:
                    response_id, question_id = rid, None
                    cells = given[rid] = unanswered.copy()
                index = column.get(qid)
                if index is None:  # an answer to another version's question
                    continue
                if qid == question_id:
                    cells[index] = f"{cells[index]}; {value}"
                else:
                    cells[index], question_id = value, qid
        lines = []
        for pk, submitted_at, borough_id, ward_id, body_kind, name, email in chunk:
            line = [
                str(pk),
                submitted_at.astimezone(tz).isoformat(),
                boroughs.get(borough_id, "") if borough_id else "",
                wards.get(ward_id, "") if ward_id else "",
                body_kind or "open link",
            ]
            if named:
                line += [name, email]
            line += given.get(pk, unanswered)
            lines.append(line)
        yield lines


def export_rows(consultation: Consultation, questionnaire: Questionnaire) -> Iterator[list[str]]:
    """Header then one row per response, in order of arrival."""
    return chain.from_iterable(row_chunks(consultation, questionnaire))


def csv_chunks(chunks: Iterable[list[list[str]]]) -> Iterator[str]:
    """Chunks of rows as CSV text (with a byte-order mark for spreadsheet programs), a piece per chunk."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    yield "\ufeff"
    for rows in chunks:
        writer.writerows(rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_chunks(chunks: Iterable[list[list[str]]]) -> Iterator[bytes]:
    return stream_xlsx(chain.from_iterable(chunks), sheet_name="Answers")
