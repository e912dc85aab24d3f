"""The streamed export gives exactly what the earlier export gave, as CSV and as XLSX."""

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations import exporting, services
from consultations.models import Answer, Consultation, Question, Questionnaire, Response, Section
from consultations.tests.factories import build_survey
from core.exports import safe_row
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def earlier_export_rows(consultation: Consultation, questionnaire: Questionnaire) -> Iterator[list[str]]:
    """The export as it was before it streamed (kept here as the reference)."""
    questions = list(Question.objects.filter(section__questionnaire=questionnaire))
    named = consultation.identity != Consultation.Identity.ANONYMOUS
    header = ["response", "submitted_at", "borough", "ward", "invited_body"]
    if named:
        header += ["name", "email"]
    header += [f"Q{i + 1}. {q.text}" for i, q in enumerate(questions)]
    yield header
    rows = (
        Response.objects.filter(questionnaire=questionnaire)
        .order_by("pk")
        .values_list("pk", "submitted_at", "borough__name", "ward__name", "invitation__body_kind", "name", "email")
    )
    values: dict[tuple[int, int], list[str]] = defaultdict(list)
    for rid, qid, option, number, text, ward, file in (
        Answer.objects.filter(response__questionnaire=questionnaire)
        .order_by("response_id", "question_id", "number", "pk")
        .values_list("response_id", "question_id", "option", "number", "text", "ward__name", "file")
    ):
        if option and number is not None:
            values[(rid, qid)].append(f"{number}. {option}")
        elif option:
            values[(rid, qid)].append(option)
        elif number is not None:
            values[(rid, qid)].append(str(number))
        elif ward:
            values[(rid, qid)].append(f"{ward} ({text})" if text else ward)
        elif file:
            values[(rid, qid)].append(str(file))
        else:
            values[(rid, qid)].append(text)
    for r in rows:
        line = [str(r[0]), timezone.localtime(r[1]).isoformat(), r[2] or "", r[3] or "", r[4] or "open link"]
        if named:
            line += [r[5], r[6]]
        line += ["; ".join(values.get((r[0], q.pk), [])) for q in questions]
        yield line


@pytest.fixture
def survey(lewisham: Any, settings: Any, tmp_path: Any) -> tuple[Consultation, Questionnaire]:
    settings.MEDIA_ROOT = str(tmp_path)
    c, qs = build_survey(boroughs=[lewisham], identity=Consultation.Identity.CONTACT_OPTIONAL)
    section = qs["seen"].section
    place = Question.objects.create(section=section, position=20, kind=Question.Kind.PLACE, text="Where do you live?")
    upload = Question.objects.create(section=section, position=21, kind=Question.Kind.FILE, text="Your paper")
    for i in range(7):
        raw: dict[int, Any] = {
            qs["seen"].pk: "Yes" if i % 2 else "No",
            qs["safe"].pk: str(1 + i % 5),
            qs["topics"].pk: [["Drugs"], ["Drugs", "Speeding"], []][i % 3],
            qs["rank"].pk: ["C", "A", "B"] if i % 2 else [],
            qs["years"].pk: str(i * 11) if i != 3 else "",
            qs["comment"].pk: ['=HYPERLINK("x")', 'Commas, "quotes"\nand lines', "-1 +1 @me", "plain", "", "", ""][i],
        }
        if i % 2:
            raw[qs["where"].pk] = "Meeting"
        if i in (1, 2):
            raw[place.pk] = "Catford South"
        if i == 4:
            raw[upload.pk] = SimpleUploadedFile("paper.txt", b"our view", content_type="text/plain")
        services.submit_response(consultation=c, raw=raw, idempotency_key=f"k{i}", email=f"p{i}@example.test")
    return c, c.current_questionnaire()


def test_the_rows_are_the_earlier_export_rows(survey):
    c, questionnaire = survey
    assert list(exporting.export_rows(c, questionnaire)) == list(earlier_export_rows(c, questionnaire))


def test_the_downloads_hold_the_rows_with_formulas_neutralised(client, make_staff, lewisham, survey):
    c, questionnaire = survey
    lead = make_staff(
        Role.BOROUGH_CHAMPION, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham), boroughs=[lewisham]
    )
    client.force_login(lead)
    expected = [safe_row(row) for row in earlier_export_rows(c, questionnaire)]
    got = client.get(reverse("consultations:export", args=[c.pk, "csv"]))
    text = b"".join(got.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == expected
    assert "'=HYPERLINK" in text
    got = client.get(reverse("consultations:export", args=[c.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(b"".join(got.streaming_content)), read_only=True)
    sheet = book["Answers"]
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    width = len(expected[0])
    assert [row + [""] * (width - len(row)) for row in cells] == expected
    assert client.get(reverse("consultations:export", args=[c.pk, "pdf"])).status_code == 404


def test_chunks_and_another_versions_answers_leave_the_rows_unchanged(survey, monkeypatch):
    c, questionnaire = survey
    other = Questionnaire.objects.create(consultation=c, version=2)
    section = Section.objects.create(questionnaire=other, position=1, title="Again")
    question = Question.objects.create(section=section, position=0, kind=Question.Kind.SHORT_TEXT, text="Other")
    for i in range(3):
        response = Response.objects.create(consultation=c, questionnaire=other, idempotency_key=f"o{i}")
        Answer.objects.create(response=response, question=question, text="elsewhere")
    Response.objects.create(consultation=c, questionnaire=questionnaire, idempotency_key="none")  # no answers
    monkeypatch.setattr(exporting, "CHUNK", 2)
    rows = list(exporting.export_rows(c, questionnaire))
    assert rows == list(earlier_export_rows(c, questionnaire))
    assert len(rows) == 1 + 8
    assert "elsewhere" not in {cell for row in rows for cell in row}
