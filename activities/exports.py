"""The register as a spreadsheet (CSV or XLSX): one row per activity, the columns the import reads back.

The `id` column is the stable reference: importing a file whose rows carry it updates those activities
instead of adding them again."""

import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
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
STARTS, ENDS = COLUMNS.index("starts_at"), COLUMNS.index("ends_at")


# The activity's own columns, read as plain values (no model instances: the export runs at tens of thousands of
# rows a second); the unit's names and the places, partners and communities come with each batch.
FIELDS = (
    "pk",
    "title",
    "purpose",
    "use_of_results",
    "method",
    "tier",
    "status",
    "organising_unit__short_name",
    "organising_unit__name",
    "lead_name",
    "lead_email",
    "lead_phone",
    "london_wide",
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
)
BATCH = 2000


def _local(value: datetime) -> datetime:
    return timezone.localtime(value).replace(tzinfo=None)


def _linked(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """For a batch of activities: their partners' names, wards' and boroughs' codes, communities' names."""
    out: dict[str, dict[int, list[str]]] = {}
    links: list[tuple[str, Any, Any, str]] = [
        ("partners", Activity.partners.through, Coalesce(NullIf("unit__short_name", Value("")), "unit__name"), "unit"),
        ("wards", Activity.wards.through, F("ward__code"), "ward"),
        ("boroughs", Activity.boroughs.through, F("borough__code"), "borough"),
        ("communities", Activity.communities.through, F("communityofinterest__name"), "communityofinterest"),
    ]
    for key, through, value, order in links:
        found: dict[int, list[str]] = defaultdict(list)
        # in each linked model's own order (by name), as the activity's page lists them
        rows = through.objects.filter(activity_id__in=ids).annotate(v=value).order_by(f"{order}__name", "pk")
        for activity_id, text in rows.values_list("activity_id", "v"):
            found[activity_id].append(text)
        out[key] = found
    return out


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def rows(qs: QuerySet[Activity]) -> Iterator[list[Any]]:
    """One list of cells per activity, in COLUMNS order (times as London wall-clock datetimes), in batches of
    BATCH activities: one read of the activities and one of each link table per batch."""
    values = qs.order_by("starts_at", "pk").values_list(*FIELDS)
    for batch in _batched(values.iterator(chunk_size=BATCH), BATCH):
        linked = _linked([r[0] for r in batch])
        partners, wards, boroughs, communities = (
            linked["partners"],
            linked["wards"],
            linked["boroughs"],
            linked["communities"],
        )
        for (
            pk,
            title,
            purpose,
            use_of_results,
            method,
            tier,
            status,
            unit_short,
            unit_name,
            lead_name,
            lead_email,
            lead_phone,
            london_wide,
            audience,
            starts_at,
            ends_at,
            recurrence,
            repeat_until,
            exception_dates,
            venue,
            venue_accessibility,
            is_public,
            pre_planned,
            attendance,
            reach,
            cost,
            outcome_notes,
        ) in batch:
            yield [
                pk,
                title,
                purpose,
                use_of_results,
                method,
                tier,
                status,
                unit_short or unit_name,
                lead_name,
                lead_email,
                lead_phone,
                "; ".join(partners.get(pk, ())),
                "; ".join(wards.get(pk, ())),
                "; ".join(boroughs.get(pk, ())),
                _yes(london_wide),
                "; ".join(communities.get(pk, ())),
                audience,
                _local(starts_at),
                _local(ends_at),
                recurrence,
                repeat_until.isoformat() if repeat_until else "",
                "; ".join(exception_dates or []),
                venue,
                venue_accessibility,
                _yes(is_public),
                _yes(pre_planned),
                "" if attendance is None else attendance,
                "" if reach is None else reach,
                "" if cost is None else cost,
                outcome_notes,
            ]


def csv_rows(qs: QuerySet[Activity]) -> Iterator[list[Any]]:
    """Header, then one row per activity, with times as text like 2025-03-31 18:30."""
    yield COLUMNS
    for cells in rows(qs):
        cells[STARTS] = cells[STARTS].strftime("%Y-%m-%d %H:%M")
        cells[ENDS] = cells[ENDS].strftime("%Y-%m-%d %H:%M")
        yield cells


def xlsx_bytes(qs: QuerySet[Activity]) -> bytes:
    """The activities as an XLSX workbook (text that would start a formula is neutralised)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Activities")
    ws.append(COLUMNS)
    for found in rows(qs):
        cells: list[Any] = []
        for name, value in zip(COLUMNS, found, strict=True):
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
