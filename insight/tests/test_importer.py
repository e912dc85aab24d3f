"""Importing published survey results: the row report, all-or-nothing, good rows only, idempotence, audit."""

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from core.errors import ServiceError
from core.models import AuditEntry
from insight.importer import import_results
from insight.models import Period, Result, Source

pytestmark = pytest.mark.django_db

GOOD = """measure,area,period,period_start,period_end,proportion,base
informed-local,E09000023,2024-25 Q1,2024-04-01,2024-06-30,0.52,101
Informed local,Lambeth,2024-25 Q1,,,48%,99
informed-local,London,2024-25 Q1,,,0.5,3200
"""

BAD = (
    GOOD
    + """informed-local,Atlantis,2024-25 Q1,,,0.5,100
feeling-lucky,London,2024-25 Q1,,,0.5,100
informed-local,Lewisham,2031 Q9,,,0.5,100
informed-local,Lewisham,2024-25 Q1,,,74,100
informed-local,Lewisham,2024-25 Q1,,,0.5,12.5
informed-local,E09000023,2024-25 Q1,,,0.53,101
"""
)


def _run(text: str, **kwargs: Any) -> Any:
    args = {"by": None, "name": "pas.csv", "content": text.encode(), "source_name": "PAS borough results"}
    return import_results(**{**args, **kwargs})


def test_a_check_saves_nothing_and_reports_every_row(london: None) -> None:
    report = _run(GOOD)
    assert [r.ok for r in report.rows] == [True, True, True]
    assert report.periods_added == ["2024-25 Q1"]
    assert not Result.objects.exists() and not Period.objects.exists() and not Source.objects.exists()


def test_import_saves_and_is_audited(london: None) -> None:
    report = _run(GOOD, dry_run=False)
    assert (report.saved, report.added, report.updated) == (3, 3, 0)
    lewisham = Result.objects.get(borough__code="E09000023")
    assert (lewisham.proportion, lewisham.base) == (0.52, 101)
    assert Result.objects.get(borough__name="Lambeth").proportion == pytest.approx(0.48)
    assert Result.objects.get(borough__isnull=True).base == 3200
    period = Period.objects.get()
    assert (period.start.isoformat(), period.kind) == ("2024-04-01", Period.Kind.QUARTER)
    entry = AuditEntry.objects.get(action="insight.import")
    assert entry.changes["added"] == 3
    assert Source.objects.get().is_fictional is False


def test_reimport_updates_in_place(london: None) -> None:
    _run(GOOD, dry_run=False)
    report = _run(GOOD.replace("0.52,101", "0.55,110"), dry_run=False)
    assert (report.added, report.updated) == (0, 3)
    assert Result.objects.count() == 3
    assert Result.objects.get(borough__code="E09000023").proportion == 0.55


def test_bad_rows_are_named_by_line_and_nothing_is_saved(london: None) -> None:
    report = _run(BAD, dry_run=False)
    rejected = {r.number: r.message for r in report.rejected}
    assert sorted(rejected) == [5, 6, 7, 8, 9, 10]
    assert "Atlantis" in rejected[5] and rejected[5].startswith("area")
    assert rejected[6].startswith("measure")
    assert "not a known period" in rejected[7]
    assert "above 1" in rejected[8] and "74%" in rejected[8]
    assert rejected[9].startswith("base")
    assert "line 2" in rejected[10]  # the same figure twice in one file
    assert report.saved == 0
    assert not Result.objects.exists() and not Period.objects.exists()
    assert not AuditEntry.objects.filter(action="insight.import").exists()


def test_the_analyst_may_import_the_good_rows(london: None) -> None:
    report = _run(BAD, dry_run=False, good_rows=True)
    assert report.saved == 3 and len(report.rejected) == 6
    assert Result.objects.count() == 3
    assert "6 rows rejected" in AuditEntry.objects.get(action="insight.import").note


def test_xlsx_and_a_percent_column(london: None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Measure", "Borough", "Period", "Period_start", "Period_end", "Period_kind", "Percent", "Base"])
    ws.append(["trust-mps", "Lewisham", "12 months to March 2025", "2024-04-01", "2025-03-31", "rolling12", 71.5, 402])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = _run("", name="pas.xlsx", content=buffer.getvalue(), dry_run=False)
    assert report.saved == 1
    result = Result.objects.get()
    assert result.proportion == pytest.approx(0.715) and result.period.kind == Period.Kind.ROLLING_12


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no rows"),
        (b"measure,area,period\ninformed-local,London,2024-25 Q1\n", "proportion"),
        (b"\x00\x01garbage", "NUL"),
        (b'measure,area,period,proportion\n"' + b"x" * 200_000 + b'",London,Q1,0.5\n', "could not be read at line"),
    ],
)
def test_an_unreadable_file_is_refused_by_field(london: None, content: bytes, message: str) -> None:
    with pytest.raises(ServiceError) as exc:
        _run("", content=content, dry_run=False)
    assert exc.value.field == "file" and message in exc.value.message


def test_a_damaged_spreadsheet(london: None) -> None:
    with pytest.raises(ServiceError, match="XLSX"):
        _run("", name="pas.xlsx", content=b"not a zip", dry_run=False)


def test_real_figures_never_join_a_fictional_source(london: None) -> None:
    _run(GOOD, dry_run=False, fictional=True)
    with pytest.raises(ServiceError, match="fictional"):
        _run(GOOD, dry_run=False)


def test_the_command(london: None, tmp_path: Any) -> None:
    path = tmp_path / "pas.csv"
    path.write_text(BAD)
    with pytest.raises(CommandError, match="6 rows rejected"):
        call_command("load_confidence", str(path), "--source", "PAS", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Result.objects.exists()
    out = io.StringIO()
    call_command("load_confidence", str(path), "--source", "PAS", "--good-rows", stdout=out, stderr=io.StringIO())
    assert "imported 3 figures" in out.getvalue()
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("load_confidence", str(path), "--source", "PAS", stdout=out)
    assert "0 added, 3 updated" in out.getvalue()
