"""CSV and XLSX downloads that a spreadsheet program cannot be tricked into running as formulas.

Every export writes its rows through `csv_writer` or `append_row`, which pass each value through
`spreadsheet_safe`: text that a spreadsheet would read as a formula gets a leading apostrophe.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Text starting with one of these is read as a formula (or a formula after a control character) by
# spreadsheet programs (OWASP "CSV injection"): = + - @, tab, carriage return and line feed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# First characters after which `spreadsheet_safe` must look closer: a formula start, or white space before one.
_CHECK_FIRST = frozenset(FORMULA_STARTS) | frozenset(
    " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def spreadsheet_safe(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value and (value[0] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Any) -> list[Any]:
    """`spreadsheet_safe` on every value; the full check runs only for text starting with a formula character
    or with white space (the same result, a fraction of the time on long exports)."""
    return [spreadsheet_safe(v) if isinstance(v, str) and v and v[0] in _CHECK_FIRST else v for v in row]


class SafeCsvWriter:
    """A csv.writer whose every text cell is made safe for spreadsheet programs."""

    def __init__(self, fileobj: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(fileobj, **kwargs)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fileobj: Any, **kwargs: Any) -> SafeCsvWriter:
    return SafeCsvWriter(fileobj, **kwargs)


def append_row(sheet: Any, row: Any) -> None:
    """Append a row to an openpyxl sheet (normal or write-only); text is made safe and stored as text.

    openpyxl turns any string starting with "=" into a live formula, so the apostrophe is what keeps it text.
    """
    sheet.append(safe_row(row))


def table_response(fmt: str, filename: str, columns: list[str], rows: Iterable[Any]) -> HttpResponse:
    """One table as a download: `fmt` "xlsx" gives one sheet, anything else CSV; every cell made safe.

    For tables a page also shows (a few thousand rows at most); long exports stream with `xlsx_stream`.
    """
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active or workbook.create_sheet()
        append_row(sheet, columns)
        for row in rows:
            append_row(sheet, row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        fmt = "csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv_writer(response)
        writer.writerow(columns)
        writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
