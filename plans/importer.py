"""Import a plan from a CSV or XLSX file: one row per action, in the column layout of docs/plans.md.

Every row is checked; the report lists each row's problems. Nothing is saved unless every row is good
and the import is confirmed (a preview runs the whole import and rolls it back).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from core import exports
from core.errors import ServiceError
from plans import services
from plans.models import Plan, Rag, Section

COLUMNS = [
    "section_number",
    "section_title",
    "section_statement",
    "equality_impact",
    "commitment",
    "reference",
    "description",
    "sub_points",
    "lead",
    "outcome",
    "performance_measure",
    "deadline",
    "budget",
    "status",
    "progress",
    "progress_date",
]
REQUIRED = {"reference", "description"}
STATUS_BY_LABEL = {str(label).lower(): value for value, label in Rag.choices} | {v: v for v in Rag.values}


@dataclass
class RowResult:
    line: int
    reference: str
    errors: list[str] = field(default_factory=list)
    lead_units: str = ""
    budget: str = ""
    deadline: str = ""


@dataclass
class ImportResult:
    rows: list[RowResult]
    file_errors: list[str]
    plan: Plan | None = None

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)


def _norm_header(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def read_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by the normalised header; raises ServiceError for an unreadable file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of error for a broken file
            raise ServiceError("The file is not a readable Excel workbook (.xlsx).", field="file") from exc
        sheet = workbook.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            raise ServiceError("The workbook's first sheet is empty.", field="file")
        headers = [_norm_header(h) for h in values[0]]
        rows = []
        for raw in values[1:]:
            row = {h: _cell(v) for h, v in zip(headers, raw, strict=False) if h}
            rows.append(row)
        workbook.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ServiceError("Save the CSV file as UTF-8 and try again.", field="file") from exc
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None:
            raise ServiceError("The CSV file is empty.", field="file")
        reader.fieldnames = [_norm_header(h) for h in reader.fieldnames]
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    raise ServiceError("Upload a .csv or .xlsx file.", field="file")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def import_plan(*, by: Any, plan_data: dict[str, Any], rows: list[dict[str, str]], commit: bool) -> ImportResult:
    """Check every row; save the plan only if all rows are good and `commit` is true."""
    file_errors: list[str] = []
    results: list[RowResult] = []
    if not rows:
        file_errors.append("The file has no rows of actions.")
    present = set().union(*(r.keys() for r in rows)) if rows else set()
    missing = sorted(REQUIRED - present)
    if rows and missing:
        file_errors.append(f"The file has no column {', '.join(missing)}. See the column layout.")
    unknown = sorted(present - set(COLUMNS))
    if unknown:
        file_errors.append(f"Unknown column(s): {', '.join(unknown)}. See the column layout.")
    if file_errors:
        return ImportResult(results, file_errors)
    saved: Plan | None = None
    with transaction.atomic():
        plan = services.create_plan(by=by, data=plan_data)
        sections: dict[str, Section] = {}
        for line, row in enumerate(rows, start=2):
            if not any(row.values()):
                continue
            result = RowResult(line=line, reference=row.get("reference", ""))
            results.append(result)
            try:
                with transaction.atomic():
                    _import_row(plan, row, sections, by=by, result=result)
            except ServiceError as exc:
                result.errors.append(exc.message)
        outcome = ImportResult(results, file_errors)
        if outcome.ok and commit:
            saved = plan
        else:
            transaction.set_rollback(True)
    outcome.plan = saved
    return outcome


def _import_row(plan: Plan, row: dict[str, str], sections: dict[str, Section], *, by: Any, result: RowResult) -> None:
    section = None
    number = row.get("section_number", "").strip()
    title = row.get("section_title", "").strip()
    key = number or title
    if key:
        section = sections.get(key)
        if section is None:
            section = services.add_section(
                plan,
                by=by,
                data={
                    "number": number,
                    "title": title or f"{plan.section_label} {number}",
                    "statement": row.get("section_statement", ""),
                    "equality_impact": row.get("equality_impact", ""),
                },
            )
            sections[key] = section
    commitment = None
    text = row.get("commitment", "").strip()
    if text:
        if section is None:
            raise ServiceError("A commitment statement needs a section (section_number or section_title).")
        commitment = section.commitments.filter(text=text).first() or services.add_commitment(section, by=by, text=text)
    status_text = row.get("status", "").strip().lower()
    status = STATUS_BY_LABEL.get(status_text)
    if status is None:
        raise ServiceError(
            f"Unknown status “{row.get('status')}”: use not started, on track, at risk, off track or complete."
        )
    sub_points = [p.strip() for p in row.get("sub_points", "").replace("\n", "|").split("|") if p.strip()]
    action = services.save_action(
        plan,
        by=by,
        data={
            "reference": row.get("reference", ""),
            "section": section,
            "commitment": commitment,
            "description": row.get("description", ""),
            "sub_points": sub_points,
            "lead_text": row.get("lead", ""),
            "outcome": row.get("outcome", ""),
            "performance_measure": row.get("performance_measure", ""),
            "deadline_text": row.get("deadline", ""),
            "budget_text": row.get("budget", ""),
            "status": status if not row.get("progress") else None,
        },
    )
    result.reference = action.reference
    result.lead_units = ", ".join(u.short_name or u.name for u in action.lead_units.all())
    result.budget = f"£{action.budget:,.2f}" if action.budget is not None else ""
    result.deadline = action.get_deadline_kind_display() if action.deadline_kind else ""
    progress = row.get("progress", "").strip()
    if progress:
        reported = row.get("progress_date", "").strip()
        try:
            reported_on = date.fromisoformat(reported) if reported else None
        except ValueError as exc:
            raise ServiceError(f"progress_date “{reported}” is not a date like 2026-03-31.") from exc
        services.add_progress(action, by=by, reported_on=reported_on, narrative=progress, status=status or "")


def template_csv() -> str:
    """An empty CSV with the columns in order, for people to fill in."""
    out = io.StringIO()
    exports.csv_writer(out).writerow(COLUMNS)
    return out.getvalue()
