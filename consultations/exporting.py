"""The raw answers of one questionnaire version, one row per response, for the CSV and XLSX downloads.

Responses are read in chunks by primary key and each chunk's answers in one query, with no joins per answer
(ward and borough names come from small lookups), so memory stays flat and the rate does not fall with N.
"""

import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from core.exports import csv_writer
from core.xlsx_stream import stream_xlsx
from places.models import Borough, Ward

from .models import Answer, Consultation, Question, Questionnaire, Response

CHUNK = 2000


def _names(model: Any) -> dict[int, str]:
    return dict(model.objects.values_list("pk", "name"))


def _value(option: str, number: int | None, text: str, ward: str, file: str) -> str:
    if option and number is not None:
        return f"{number}. {option}"
    if option:
        return option
    if number is not None:
        return str(number)
    if ward:
        return f"{ward} ({text})" if text else ward
    if file:
        return file
    return text


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
    column = {pk: i for i, (pk, _) in enumerate(questions)}
    width = len(questions)
    responses = Response.objects.filter(questionnaire=questionnaire).order_by("pk")
    fields = ("pk", "submitted_at", "borough_id", "ward_id", "invitation__body_kind", "name", "email")
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last).values_list(*fields)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        cells: dict[int, list[list[str]]] = defaultdict(lambda: [[] for _ in range(width)])
        for rid, qid, option, number, text, ward_id, file in (
            Answer.objects.filter(response_id__in=[r[0] for r in chunk])
            .order_by("response_id", "question_id", "number", "pk")
            .values_list("response_id", "question_id", "option", "number", "text", "ward_id", "file")
        ):
            i = column.get(qid)
            if i is not None:
                cells[rid][i].append(_value(option, number, text, wards.get(ward_id, "") if ward_id else "", file))
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
            answers = cells.get(pk)
            line += ["; ".join(v) for v in answers] if answers else [""] * width
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
