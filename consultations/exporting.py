"""The raw answers of one questionnaire version, one row per response, for the CSV and XLSX downloads.

Responses are read in chunks by primary key and each chunk's answers in one query, with no joins per answer
(ward and borough names come from small lookups), so memory stays flat and the rate does not fall with N.
"""

import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.utils import timezone

from core.exports import csv_writer
from core.xlsx_stream import stream_xlsx
from places.models import Borough, Ward

from .models import Answer, Consultation, Question, Questionnaire, Response

CHUNK = 1000


def _names(model: Any) -> dict[int, str]:
    return dict(model.objects.values_list("pk", "name"))


# Each answer as the text the export shows.
VALUE_SQL = (
    "CASE WHEN a.option <> '' AND a.number IS NOT NULL THEN CAST(a.number AS TEXT) || '. ' || a.option "
    "WHEN a.option <> '' THEN a.option WHEN a.number IS NOT NULL THEN CAST(a.number AS TEXT) "
    "WHEN w.name IS NOT NULL AND a.text <> '' THEN w.name || ' (' || a.text || ')' "
    "WHEN w.name IS NOT NULL THEN w.name WHEN a.file <> '' THEN a.file ELSE a.text END"
)


def _answers_sql() -> str:
    """Per response and question, the answers' texts joined with "; " in the order of rank, then arrival."""
    qn = connection.ops.quote_name
    answers, wards = qn(Answer._meta.db_table), qn(Ward._meta.db_table)
    rows = (
        f"FROM {answers} a LEFT JOIN {wards} w ON w.id = a.ward_id "  # noqa: S608 - names from metadata
        "WHERE a.response_id >= %s AND a.response_id <= %s"
    )
    if connection.vendor == "postgresql":
        return (
            f"SELECT a.response_id, a.question_id, STRING_AGG({VALUE_SQL}, '; ' ORDER BY a.number, a.id) {rows} "
            "GROUP BY a.response_id, a.question_id"
        )
    # SQLite before 3.44 has no ORDER BY inside an aggregate: it concatenates in the order of the ordered subquery.
    return (
        f"SELECT response_id, question_id, GROUP_CONCAT(value, '; ') FROM (SELECT a.response_id, a.question_id, "  # noqa: S608
        f"{VALUE_SQL} AS value {rows} ORDER BY a.response_id, a.question_id, a.number, a.id) "
        "GROUP BY response_id, question_id"
    )


def export_rows(consultation: Consultation, questionnaire: Questionnaire) -> Iterator[list[str]]:
    """Header then one row per response, in order of arrival."""
    questions = list(Question.objects.filter(section__questionnaire=questionnaire).values_list("pk", "text"))
    named = consultation.identity != Consultation.Identity.ANONYMOUS
    header = ["response", "submitted_at", "borough", "ward", "invited_body"]
    if named:
        header += ["name", "email"]
    header += [f"Q{i + 1}. {text}" for i, (_, text) in enumerate(questions)]
    yield header
    boroughs, wards = _names(Borough), _names(Ward)
    question_ids = [pk for pk, _ in questions]
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
        # One range scan of the response index, the values formatted and joined by the database and read with
        # a plain cursor (the ORM's per-row work would cost more than everything else here).
        given: dict[int, dict[int, str]] = defaultdict(dict)
        with connection.cursor() as cursor:
            cursor.execute(sql, [first, last])
            while rows := cursor.fetchmany(5000):
                for rid, qid, value in rows:
                    given[rid][qid] = value
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
            cells = given.get(pk, {})
            line += [cells.get(q, "") for q in question_ids]
            yield line


def csv_chunks(rows: Iterator[list[str]], rows_per_chunk: int = 500) -> Iterator[str]:
    """The rows as CSV text (with a byte-order mark for spreadsheet programs), a few hundred rows a piece."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    yield "\ufeff"
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
        if n >= rows_per_chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            n = 0
    if n:
        yield buffer.getvalue()


def xlsx_chunks(rows: Iterator[list[str]]) -> Iterator[bytes]:
    return stream_xlsx(rows, sheet_name="Answers")
