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


def _joined(values: list[tuple[int, int, str]]) -> str:
    if len(values) == 1:
        return values[0][2]
    return "; ".join(v for _, _, v in sorted(values))


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
    blank = [""] * len(questions)
    responses = Response.objects.filter(questionnaire=questionnaire).order_by("pk")
    fields = ("pk", "submitted_at", "borough_id", "ward_id", "invitation__body_kind", "name", "email")
    # Unsorted (the database need not sort a million rows): answers given as several rows (multiple choice,
    # ranking) are put in order of rank, then of arrival, below.
    answers = Answer.objects.order_by().values_list(
        "response_id", "question_id", "option", "number", "text", "ward_id", "file", "pk"
    )
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last).values_list(*fields)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        # Plain cursor rows: the ORM's per-row work would cost more than everything else here.
        sql, params = answers.filter(response_id__in=[r[0] for r in chunk]).query.sql_with_params()
        given: dict[int, dict[int, list[str]]] = defaultdict(dict)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(5000):
                for rid, qid, option, number, text, ward_id, file, answer_id in rows:
                    if option and number is None:
                        value = option
                    elif option:
                        value = f"{number}. {option}"
                    elif number is not None:
                        value = str(number)
                    elif ward_id:
                        ward = wards.get(ward_id, "")
                        value = f"{ward} ({text})" if ward and text else ward or text
                    else:
                        value = file or text
                    cells = given[rid]
                    if qid in cells:
                        cells[qid].append((number or 0, answer_id, value))
                    else:
                        cells[qid] = [(number or 0, answer_id, value)]
        for pk, submitted_at, borough_id, ward_id, body_kind, name, email in chunk:
            line = [
                str(pk),
                timezone.localtime(submitted_at).isoformat(),
                boroughs.get(borough_id, "") if borough_id else "",
                wards.get(ward_id, "") if ward_id else "",
                body_kind or "open link",
            ]
            if named:
                line += [name, email]
            cells = given.get(pk)
            if cells:
                line += [_joined(cells[q]) if q in cells else "" for q in question_ids]
            else:
                line += blank
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
