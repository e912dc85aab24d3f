"""The register as a spreadsheet (CSV or XLSX): one row per activity, the columns the import reads back.

The `id` column is the stable reference: importing a file whose rows carry it updates those activities
instead of adding them again."""

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import chain, islice
from typing import Any

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from activities.models import Activity
from core.exports import csv_writer
from core.xlsx_stream import stream_xlsx

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
    "exception_dates_text",
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


def _local_datetimes() -> Callable[[datetime], Any]:
    """London wall-clock time without its zone, for a spreadsheet cell (the zone is looked up once per export)."""
    zone = timezone.get_current_timezone()
    return lambda value: value.astimezone(zone).replace(tzinfo=None)


def _local_texts() -> Callable[[datetime], Any]:
    """London wall-clock time as text like 2025-03-31 18:30."""
    zone = timezone.get_current_timezone()
    return lambda value: f"{value.astimezone(zone):%Y-%m-%d %H:%M}"


def _dates(text: str | None) -> str:
    """The exception dates (a JSON list of ISO dates, read as text: most are empty) joined with "; "."""
    return "; ".join(json.loads(text)) if text and text != "[]" else ""


def _through(field: str) -> str:
    return Activity._meta.get_field(field).remote_field.through._meta.db_table  # type: ignore[union-attr]


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _links_sql(ids_sql: str) -> str:
    """One statement for a batch's partners (short name, else name), wards' and boroughs' codes and communities'
    names, each list in the linked model's own order (by name), as the activity's page lists them."""
    unit = _table(Activity._meta.get_field("partners").related_model)
    ward = _table(Activity._meta.get_field("wards").related_model)
    borough = _table(Activity._meta.get_field("boroughs").related_model)
    community = _table(Activity._meta.get_field("communities").related_model)
    # only our own table names are interpolated; the ids are one parameter
    return (
        f"SELECT 0 AS k, t.activity_id, COALESCE(NULLIF(x.short_name, ''), x.name) AS v, x.name AS o, t.id "  # noqa: S608
        f"FROM {_through('partners')} t JOIN {unit} x ON x.id = t.unit_id WHERE t.activity_id {ids_sql} "
        f"UNION ALL SELECT 1, t.activity_id, x.code, x.name, t.id "
        f"FROM {_through('wards')} t JOIN {ward} x ON x.id = t.ward_id WHERE t.activity_id {ids_sql} "
        f"UNION ALL SELECT 2, t.activity_id, x.code, x.name, t.id "
        f"FROM {_through('boroughs')} t JOIN {borough} x ON x.id = t.borough_id WHERE t.activity_id {ids_sql} "
        f"UNION ALL SELECT 3, t.activity_id, x.name, x.name, t.id FROM {_through('communities')} t "
        f"JOIN {community} x ON x.id = t.communityofinterest_id WHERE t.activity_id {ids_sql} "
        "ORDER BY 1, 4, 5"
    )


def _linked(ids: list[int]) -> tuple[dict[int, str], ...]:
    """For a batch of activities, in one read: their partners' names, wards' and boroughs' codes and communities'
    names, each joined with "; ". The batch's ids go as one parameter (an array literal, or JSON on SQLite): a list
    of thousands of placeholders cost more to build and send than the read itself."""
    if connection.vendor == "postgresql":
        ids_sql, param = "= ANY(%s::bigint[])", "{" + ",".join(map(str, ids)) + "}"
    else:
        ids_sql, param = "IN (SELECT value FROM json_each(%s))", json.dumps(ids)
    found: tuple[dict[int, list[str]], ...] = tuple(defaultdict(list) for _ in range(4))
    with connection.cursor() as cursor:
        cursor.execute(_links_sql(ids_sql), [param] * 4)
        for k, activity_id, text, _order, _pk in cursor.fetchall():
            found[k][activity_id].append(text)
    return tuple({pk: "; ".join(texts) for pk, texts in by_id.items()} for by_id in found)


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def rows(qs: QuerySet[Activity], when: Callable[[datetime], Any] | None = None) -> Iterator[list[Any]]:
    """One list of cells per activity, in COLUMNS order (times as London wall-clock datetimes), in batches of
    BATCH activities: one read of the activities and one of each link table per batch."""
    local = when or _local_datetimes()
    dates_text = Cast("exception_dates", TextField())  # plain text: decoded only when not empty
    values = qs.annotate(exception_dates_text=dates_text).order_by("starts_at", "pk").values_list(*FIELDS)
    for batch in _batched(values.iterator(chunk_size=BATCH), BATCH):
        partners, wards, boroughs, communities = _linked([r[0] for r in batch])
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
                partners.get(pk, ""),
                wards.get(pk, ""),
                boroughs.get(pk, ""),
                _yes(london_wide),
                communities.get(pk, ""),
                audience,
                local(starts_at),
                local(ends_at),
                recurrence,
                repeat_until.isoformat() if repeat_until else "",
                _dates(exception_dates),
                venue,
                venue_accessibility,
                _yes(is_public),
                _yes(pre_planned),
                "" if attendance is None else attendance,
                "" if reach is None else reach,
                "" if cost is None else cost,
                outcome_notes,
            ]


def csv_chunks(qs: QuerySet[Activity]) -> Iterator[str]:
    """The CSV text (header, then one row per activity, times as text like 2025-03-31 18:30), a batch of rows at
    a time: every text cell made safe for spreadsheet programs."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(COLUMNS)
    for number, cells in enumerate(rows(qs, _local_texts()), start=1):
        writer.writerow(cells)
        if number % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_chunks(qs: QuerySet[Activity]) -> Iterator[bytes]:
    """The activities as an XLSX workbook, streamed (times as date cells; text that would start a formula is
    neutralised)."""
    return stream_xlsx(chain([COLUMNS], rows(qs)), sheet_name="Activities")
