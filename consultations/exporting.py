"""The raw answers of one questionnaire version, one row per response, for the CSV and XLSX downloads.

Responses are read a chunk at a time by primary key. The database turns each chunk's answers into one row per
response, a column per question (the answers' texts joined in order), so Python handles a few thousand rows a
chunk rather than an object per answer; ward and borough names come from small lookups. Memory stays flat and
the rate does not fall with N.
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


# Each answer as the text the export shows.
VALUE_SQL = (
    "CASE WHEN a.option <> '' AND a.number IS NOT NULL THEN CAST(a.number AS TEXT) || '. ' || a.option "
    "WHEN a.option <> '' THEN a.option WHEN a.number IS NOT NULL THEN CAST(a.number AS TEXT) "
    "WHEN w.name IS NOT NULL AND a.text <> '' THEN w.name || ' (' || a.text || ')' "
    "WHEN w.name IS NOT NULL THEN w.name WHEN a.file <> '' THEN a.file ELSE a.text END"
)


def _answers_sql(question_ids: list[int]) -> str:
    """For the responses in a range of ids: each one's id, then per question its answers' texts joined with "; "
    in the order of rank, then arrival ("" when none)."""
    qn = connection.ops.quote_name
    answers, wards = qn(Answer._meta.db_table), qn(Ward._meta.db_table)
    rows = (
        f"FROM {answers} a LEFT JOIN {wards} w ON w.id = a.ward_id "  # noqa: S608 - names from metadata
        "WHERE a.response_id >= %s AND a.response_id <= %s"
    )
    if connection.vendor == "postgresql":
        per_question = (
            f"SELECT a.response_id AS rid, a.question_id AS qid, "  # noqa: S608
            f"STRING_AGG({VALUE_SQL}, '; ' ORDER BY a.number, a.id) AS value {rows} "
            "GROUP BY a.response_id, a.question_id"
        )
    else:
        # SQLite before 3.44 has no ORDER BY inside an aggregate: it concatenates in the order of the ordered
        # subquery (which it does not flatten into an aggregate query).
        per_question = (
            "SELECT rid, qid, GROUP_CONCAT(value, '; ') AS value FROM (SELECT a.response_id AS rid, "  # noqa: S608
            f"a.question_id AS qid, {VALUE_SQL} AS value {rows} ORDER BY a.response_id, a.question_id, a.number, "
            "a.id) ordered GROUP BY rid, qid"
        )
    # One column per question: the one row (if any) of that question in the response's group.
    columns = ", ".join(f"COALESCE(MAX(CASE WHEN qid = {pk:d} THEN value END), '')" for pk in question_ids)
    return f"SELECT rid, {columns} FROM ({per_question}) per_question GROUP BY rid"  # noqa: S608


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
    unanswered = ("",) * len(questions)
    tz = timezone.get_current_timezone()
    responses = Response.objects.filter(questionnaire=questionnaire).order_by("pk")
    fields = ("pk", "submitted_at", "borough_id", "ward_id", "invitation__body_kind", "name", "email")
    sql = _answers_sql([pk for pk, _ in questions]) if questions else ""
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last).values_list(*fields)[:CHUNK])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        given: dict[int, tuple[str, ...]] = {}
        if sql:
            # One range scan of the response index; the values formatted, joined and laid out by the database
            # and read with a plain cursor (the ORM's per-row work would cost more than everything else here).
            with connection.cursor() as cursor:
                cursor.execute(sql, [first, last])
                given = {row[0]: row[1:] for row in cursor.fetchall()}
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
