"""Board reports as files: CSV and XLSX (one row per action) and PDF (the HTML report through WeasyPrint)."""

import io
from typing import Any

from core import exports
from core.pdf import render_pdf
from plans.queries import Report

HEADERS = [
    "Section",
    "Reference",
    "Description",
    "Lead",
    "Outcome",
    "Performance measure",
    "Deadline",
    "Due by",
    "Budget (£)",
    "Status",
    "Overdue",
    "Latest progress date",
    "Latest progress",
]


def rows(report: Report) -> list[list[Any]]:
    out: list[list[Any]] = []
    for row in report.rows:
        a = row.action
        out.append(
            [
                str(a.section) if a.section else "",
                a.reference,
                a.description + "".join(f"\n• {p}" for p in a.sub_points),
                a.lead_text,
                a.outcome,
                a.performance_measure,
                a.deadline_text,
                a.due_on.isoformat() if a.due_on else "",
                a.budget if a.budget is not None else "",
                row.status_label,
                "yes" if row.overdue else "no",
                row.latest.reported_on.isoformat() if row.latest else "",
                row.latest.narrative if row.latest else "",
            ]
        )
    return out


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = exports.csv_writer(buffer)
    writer.writerow(HEADERS)
    for row in rows(report):
        writer.writerow(row)
    writer.writerow([])
    writer.writerow(["Total budget (£)", "", "", "", "", "", "", "", report.total_budget])
    return buffer.getvalue()


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active or workbook.create_sheet("Summary")
    summary.title = "Summary"
    exports.append_row(summary, [report.plan.title])
    exports.append_row(summary, [f"Progress as of {report.as_of.isoformat()}"])
    exports.append_row(summary, [])
    status_labels = [label for _, label, _ in report.totals]
    exports.append_row(summary, [report.plan.section_label, *status_labels, "Budget (£)"])
    for cell in summary[4]:
        cell.font = Font(bold=True)
    for section in report.sections:
        exports.append_row(summary, [section.label, *[n for _, _, n in section.counts], section.budget])
    exports.append_row(summary, ["Total", *[n for _, _, n in report.totals], report.total_budget])
    actions = workbook.create_sheet("Actions")
    exports.append_row(actions, HEADERS)
    for cell in actions[1]:
        cell.font = Font(bold=True)
    for row in rows(report):
        exports.append_row(actions, row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_pdf(report: Report, *, base_url: str) -> bytes:
    return render_pdf("plans/report_print.html", {"report": report}, base_url=base_url)
