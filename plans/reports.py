"""Board reports as files: CSV and XLSX (one row per action) and PDF (the HTML report through WeasyPrint).

Headings and column titles are in the language of the page the file was downloaded from; the values are the
plan's data as written (statuses in that language too). The PDF is in English where the server has no font
for the language's letters: see `NEEDS_A_FONT`.
"""

import functools
import io
import shutil
import subprocess
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from core import exports
from core.pdf import render_pdf
from plans.queries import Report

HEADERS = [
    gettext_lazy("Section"),
    gettext_lazy("Reference"),
    gettext_lazy("Description"),
    gettext_lazy("Lead"),
    gettext_lazy("Outcome"),
    gettext_lazy("Performance measure"),
    gettext_lazy("Deadline"),
    gettext_lazy("Due by"),
    gettext_lazy("Budget (£)"),
    gettext_lazy("Status"),
    gettext_lazy("Overdue"),
    gettext_lazy("Latest progress date"),
    gettext_lazy("Latest progress"),
]

# Scripts the PDF needs a font for. WeasyPrint shapes every script (through Pango and HarfBuzz), but only with an
# installed font that has the script's letters: DejaVu (on every Debian image) covers the Latin languages and
# Arabic; Bengali, Gujarati, Gurmukhi (Panjabi), Tamil and Urdu need Debian's fonts-noto-core, which `make install`
# installs. Where fontconfig finds no font for a language, its PDF is made in English and the report page says so.
NEEDS_A_FONT = frozenset({"ar", "bn", "gu", "pa", "ta", "ur"})
# Urdu is read in Nastaliq; Noto Nastaliq Urdu is part of fonts-noto-core.
PDF_FONTS = {"ur": "Noto Nastaliq Urdu"}


@functools.cache
def has_font_for(code: str) -> bool:
    """True when fontconfig knows a font covering the language's letters (`fc-list :lang=<code>`)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or code not in NEEDS_A_FONT:
        return False
    try:  # a fixed program and one of the codes above: no outside input reaches the command
        found = subprocess.run(  # noqa: S603
            [fc_list, f":lang={code}", "family"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.stdout.strip())


def headers() -> list[str]:
    return [str(h) for h in HEADERS]


def pdf_in_english(language: str | None = None) -> bool:
    """True when the PDF of a page in this language (the active one by default) is made in English."""
    code = (language or translation.get_language() or "en").split("-")[0]
    return code in NEEDS_A_FONT and not has_font_for(code)


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
                gettext("Yes") if row.overdue else gettext("No"),
                row.latest.reported_on.isoformat() if row.latest else "",
                row.latest.narrative if row.latest else "",
            ]
        )
    return out


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = exports.csv_writer(buffer)
    writer.writerow(headers())
    for row in rows(report):
        writer.writerow(row)
    writer.writerow([])
    writer.writerow([gettext("Total budget (£)"), "", "", "", "", "", "", "", report.total_budget])
    return buffer.getvalue()


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active or workbook.create_sheet(gettext("Summary"))
    summary.title = gettext("Summary")
    exports.append_row(summary, [report.plan.title])
    exports.append_row(summary, [gettext("Progress as of %(date)s") % {"date": report.as_of.isoformat()}])
    exports.append_row(summary, [])
    status_labels = [label for _, label, _ in report.totals]
    exports.append_row(summary, [report.plan.section_label, *status_labels, gettext("Budget (£)")])
    for cell in summary[4]:
        cell.font = Font(bold=True)
    for section in report.sections:
        exports.append_row(summary, [section.label, *[n for _, _, n in section.counts], section.budget])
    exports.append_row(summary, [gettext("Total"), *[n for _, _, n in report.totals], report.total_budget])
    actions = workbook.create_sheet(gettext("Actions"))
    exports.append_row(actions, headers())
    for cell in actions[1]:
        cell.font = Font(bold=True)
    for row in rows(report):
        exports.append_row(actions, row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_pdf(report: Report, *, base_url: str) -> bytes:
    if pdf_in_english():
        with translation.override("en"):
            return render_pdf("plans/report_print.html", {"report": report}, base_url=base_url)
    code = (translation.get_language() or "en").split("-")[0]
    context = {"report": report, "font": PDF_FONTS.get(code)}
    return render_pdf("plans/report_print.html", context, base_url=base_url)
