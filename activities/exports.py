"""The register as a spreadsheet (CSV or XLSX): one row per activity, the columns the import reads back.

The `id` column is the stable reference: importing a file whose rows carry it updates those activities
instead of adding them again."""

import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from activities.models import Activity
from core.exports import spreadsheet_safe

COLUMNS = [
    "id",
    "title",
    "purpose",
    "use_of_results",
    "method",
    "tier",
    "status",
    "organising_unit",
    "lead_name",
    "lead_email",
    "lead_phone",
    "partners",
    "ward_codes",
    "borough_codes",
    "london_wide",
    "communities",
    "audience",
    "starts_at",
    "ends_at",
    "recurrence",
    "repeat_until",
    "exception_dates",
    "venue",
    "venue_accessibility",
    "is_public",
    "pre_planned",
    "attendance",
    "reach",
    "cost",
    "outcome_notes",
]
XLSX_MAX_ROWS = 100_000
DATETIME_COLUMNS = {"starts_at", "ends_at"}


def for_export(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return (
        qs.select_related("organising_unit")
        .prefetch_related("wards", "boroughs", "partners", "communities")
        .order_by("starts_at", "pk")
    )


def _local(value: datetime) -> datetime:
    return timezone.localtime(value).replace(tzinfo=None)


def row(a: Activity) -> list[Any]:
    """One activity's cells, in COLUMNS order (times as London wall-clock datetimes)."""
    return [
        a.pk,
        a.title,
        a.purpose,
        a.use_of_results,
        a.method,
        a.tier,
        a.status,
        a.organising_unit.short_name or a.organising_unit.name,
        a.lead_name,
        a.lead_email,
        a.lead_phone,
        "; ".join(u.short_name or u.name for u in a.partners.all()),
        "; ".join(w.code for w in a.wards.all()),
        "; ".join(b.code for b in a.boroughs.all()),
        "yes" if a.london_wide else "no",
        "; ".join(c.name for c in a.communities.all()),
        a.audience,
        _local(a.starts_at),
        _local(a.ends_at),
        a.recurrence,
        a.repeat_until.isoformat() if a.repeat_until else "",
        "; ".join(a.exception_dates or []),
        a.venue,
        a.venue_accessibility,
        "yes" if a.is_public else "no",
        "yes" if a.pre_planned else "no",
        "" if a.attendance is None else a.attendance,
        "" if a.reach is None else a.reach,
        "" if a.cost is None else a.cost,
        a.outcome_notes,
    ]


def csv_rows(qs: QuerySet[Activity]) -> Iterator[list[Any]]:
    """Header, then one row per activity, with times as text like 2025-03-31 18:30."""
    yield COLUMNS
    for a in for_export(qs).iterator(chunk_size=500):
        yield [v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else v for v in row(a)]


def xlsx_bytes(qs: QuerySet[Activity]) -> bytes:
    """The activities as an XLSX workbook (text that would start a formula is neutralised)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Activities")
    ws.append(COLUMNS)
    for a in for_export(qs).iterator(chunk_size=500):
        cells: list[Any] = []
        for name, value in zip(COLUMNS, row(a), strict=True):
            if name in DATETIME_COLUMNS:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(spreadsheet_safe(value))
            else:
                cells.append(value)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
