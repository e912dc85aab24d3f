"""Import published survey results from CSV or XLSX in the long layout, one figure per row.

Columns (the first row names them, in any order, any case):

    measure   a measure's key or label, e.g. informed-local or "Informed local"
    area      a borough's ONS code or name, or London (the column may also be called borough)
    period    a period's label, e.g. 2024-25 Q3; a period not yet known is added when the row also gives
              period_start and period_end (YYYY-MM-DD) and, optionally, period_kind (quarter or rolling12)
    proportion  the share agreeing, 0 to 1 (0.74), or a percentage written with a % sign (74%);
              a file may give a `percent` column (0 to 100) instead
    base      people asked, where published (optional)

A check (dry run) saves nothing and reports every row. If any row is rejected nothing is saved, unless the
analyst asks to import the good rows. Re-importing the same file updates the figures in place.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from core import audit, bounds
from core.errors import ServiceError
from insight.models import MAX_BASE, Measure, Period, Result, Source
from places.models import Borough

MAX_ROWS = 20_000
KINDS = {
    "quarter": Period.Kind.QUARTER,
    "rolling12": Period.Kind.ROLLING_12,
    "rolling 12 months": Period.Kind.ROLLING_12,
}


@dataclass
class RowResult:
    number: int  # the line of the file (the header is line 1)
    text: str
    ok: bool
    message: str = ""
    updated: bool = False


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = True
    saved: int = 0
    updated: int = 0
    periods_added: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def good(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def added(self) -> int:
        return self.saved - self.updated


class RowError(Exception):
    pass


def _cell(v: Any) -> str:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return "" if v is None else str(v).strip()


def read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, row keyed by lower-case header); ServiceError if the file cannot be read."""
    rows: list[tuple[int, dict[str, str]]] = []
    if name.lower().endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
            raise ServiceError("The spreadsheet could not be read: is it an XLSX file?", field="file") from exc
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(it, [])]
        for number, values in enumerate(it, start=2):
            if values is None or all(v in (None, "") for v in values):
                continue
            rows.append((number, {header[i]: _cell(v) for i, v in enumerate(values) if i < len(header) and header[i]}))
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        if "\x00" in text:
            raise ServiceError("The file holds a NUL character: is it really a CSV file?", field="file")
        reader = csv.reader(io.StringIO(text))
        try:
            header = [h.strip().lower() for h in next(reader, [])]
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                rows.append((reader.line_num, {header[i]: v.strip() for i, v in enumerate(values) if i < len(header)}))
        except csv.Error as exc:
            raise ServiceError(
                f"The CSV file could not be read at line {reader.line_num}: {exc}.", field="file"
            ) from exc
    if not rows:
        raise ServiceError("The file has no rows of figures under its header row.", field="file")
    if len(rows) > MAX_ROWS:
        raise ServiceError(f"The file has {len(rows)} rows; import at most {MAX_ROWS:,} at a time.", field="file")
    columns = set(rows[0][1])
    missing = [c for c in ("measure", "period") if c not in columns]
    if "area" not in columns and "borough" not in columns:
        missing.append("area")
    if "proportion" not in columns and "percent" not in columns:
        missing.append("proportion")
    if missing:
        raise ServiceError(f"The file has no column named {', '.join(missing)}.", field="file")
    return rows


class _Lookups:
    def __init__(self) -> None:
        self.measures: dict[str, Measure] = {}
        for m in Measure.objects.all():
            self.measures[m.key.lower()] = m
            self.measures[m.label.lower()] = m
        self.boroughs: dict[str, Borough] = {}
        for b in Borough.objects.all():
            self.boroughs[b.code.lower()] = b
            self.boroughs[b.name.lower()] = b
        self.periods = {p.label.lower(): p for p in Period.objects.all()}


def _proportion(row: dict[str, str]) -> float:
    text = row.get("proportion", "")
    if text:
        percent = text.endswith("%")
        try:
            value = float(text.rstrip("%").strip())
        except ValueError as exc:
            raise RowError(f"proportion: “{text}” is not a number like 0.74 or 74%.") from exc
        if percent:
            value /= 100
        elif value > 1:
            raise RowError(f"proportion: “{text}” is above 1; write a percentage with a % sign (e.g. {text}%).")
    else:
        text = row.get("percent", "").rstrip("%").strip()
        if not text:
            raise RowError("proportion: the figure is missing.")
        try:
            value = float(text) / 100
        except ValueError as exc:
            raise RowError(f"percent: “{text}” is not a number like 74.") from exc
    if not 0 <= value <= 1:
        raise RowError(f"proportion: “{text}” is not between 0 and 1 (0 % and 100 %).")
    return round(value, 6)


def _base(row: dict[str, str]) -> int | None:
    text = row.get("base", "").replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError as exc:
        raise RowError(f"base: “{text}” is not a whole number of people.") from exc
    if value != int(value) or not 1 <= value <= MAX_BASE:
        raise RowError(f"base: “{text}” is not a whole number of people between 1 and {MAX_BASE:,}.")
    return int(value)


def _date(text: str, column: str) -> date:
    try:
        d = date.fromisoformat(text[:10])
    except ValueError as exc:
        raise RowError(f"{column}: “{text}” is not a date like 2025-03-31.") from exc
    if not bounds.EARLIEST_DATE <= d <= bounds.LATEST_DATE:
        raise RowError(f"{column}: give a date {bounds.DATE_RANGE}.")
    return d


def _period(row: dict[str, str], found: _Lookups, added: list[str]) -> Period:
    label = row.get("period", "")
    if not label:
        raise RowError("period: the period is missing.")
    if len(label) > 60:
        raise RowError("period: a period's label has at most 60 characters.")
    period = found.periods.get(label.lower())
    if period is not None:
        return period
    if not (row.get("period_start") and row.get("period_end")):
        raise RowError(f"period: “{label}” is not a known period; add it, or give period_start and period_end.")
    start, end = _date(row["period_start"], "period_start"), _date(row["period_end"], "period_end")
    if end < start:
        raise RowError("period_end: the period ends before it starts.")
    kind_text = row.get("period_kind", "").strip().lower() or "quarter"
    if kind_text not in KINDS:
        raise RowError(f"period_kind: “{kind_text}” is not quarter or rolling12.")
    period = Period.objects.create(label=label, start=start, end=end, kind=KINDS[kind_text])
    found.periods[label.lower()] = period
    added.append(label)
    return period


def _row(row: dict[str, str], found: _Lookups, added: list[str]) -> dict[str, Any]:
    text = row.get("measure", "")
    measure = found.measures.get(text.lower())
    if measure is None:
        raise RowError(f"measure: “{text}” is not a known measure." if text else "measure: the measure is missing.")
    area = row.get("area") or row.get("borough") or ""
    borough = None
    if area.lower() not in ("london", "mps", "metropolitan police service"):
        borough = found.boroughs.get(area.lower())
        if borough is None:
            raise RowError(
                f"area: “{area}” is not a London borough (code or name) or London." if area else "area: missing."
            )
    proportion = _proportion(row)
    base = _base(row)
    return {
        "measure": measure,
        "borough": borough,
        "period": _period(row, found, added),
        "proportion": proportion,
        "base": base,
    }


def import_results(
    *,
    by: Any,
    name: str,
    content: bytes,
    source_name: str,
    fictional: bool = False,
    dry_run: bool = True,
    good_rows: bool = False,
) -> ImportReport:
    """Check (and unless `dry_run`, save) every row; all or nothing unless `good_rows`. Audited."""
    source_name = source_name.strip()
    if not source_name:
        raise ServiceError("Name the publication the figures come from.", field="source")
    if len(source_name) > 200:
        raise ServiceError("The publication's name has at most 200 characters.", field="source")
    rows = read_rows(name, content)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        existing = Source.objects.filter(name=source_name).first()
        if existing is not None and existing.is_fictional != fictional:
            raise ServiceError(
                "A source of that name holds fictional figures; real figures need a source of their own."
                if existing.is_fictional
                else "A source of that name holds published figures; fictional ones need a source of their own.",
                field="source",
            )
        source = existing or Source.objects.create(name=source_name, is_fictional=fictional)
        found = _Lookups()
        seen: dict[tuple[int, int | None, int], int] = {}
        for number, row in rows:
            summary = " · ".join(
                v for v in (row.get("measure"), row.get("area") or row.get("borough"), row.get("period")) if v
            )
            try:
                with transaction.atomic():
                    data = _row(row, found, report.periods_added)
                key = (data["measure"].pk, data["borough"].pk if data["borough"] else None, data["period"].pk)
                if key in seen:
                    raise RowError(f"the same measure, area and period as line {seen[key]}.")
                seen[key] = number
            except RowError as exc:
                report.rows.append(RowResult(number, summary, False, str(exc)))
                continue
            lookup = {"measure": data["measure"], "borough": data["borough"], "period": data["period"]}
            _obj, created = Result.objects.update_or_create(
                **lookup, defaults={"proportion": data["proportion"], "base": data["base"], "source": source}
            )
            report.rows.append(RowResult(number, summary, True, updated=not created))
        rejected = len(report.rejected)
        if dry_run or (rejected and not good_rows):
            transaction.set_rollback(True)
            return report
        report.saved = len(report.good)
        report.updated = sum(1 for r in report.good if r.updated)
        source.save()  # records when it was last imported
        audit.log(
            by,
            "insight.import",
            source,
            changes={
                "added": report.added,
                "updated": report.updated,
                "rejected": rejected,
                "periods_added": report.periods_added,
            },
            note=f"Imported {name}" + (f"; {rejected} rows rejected and left out" if rejected else ""),
        )
    return report
