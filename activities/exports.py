"""The register as a spreadsheet (CSV or XLSX): one row per activity, the columns the import reads back.

The `id` column is the stable reference: importing a file whose rows carry it updates those activities
instead of adding them again."""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import chain, islice
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, DateTimeField, F, Func, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from activities.models import Activity
from core.exports import _CHECK_FIRST, csv_writer, safe_row
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
    if connection.vendor == "postgresql":
        return _pg_csv_chunks(qs)
    return _csv_chunks(qs)


def _csv_chunks(qs: QuerySet[Activity]) -> Iterator[str]:
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
    if connection.vendor == "postgresql":
        return stream_xlsx(chain([COLUMNS], chain.from_iterable(_pg_batches(qs, text=False))), sheet_name="Activities")
    return _xlsx_chunks(qs)


def _xlsx_chunks(qs: QuerySet[Activity]) -> Iterator[bytes]:
    return stream_xlsx(chain([COLUMNS], rows(qs)), sheet_name="Activities")


# ------------------------------------------------------------------ PostgreSQL: values formatted by the database

PG_BATCH = 5000


class _LocalTime(Func):
    """A time as London wall-clock time without its zone (`AT TIME ZONE`), or as text like 2025-03-31 18:30."""

    arg_joiner = " AT TIME ZONE "

    def __init__(self, field: str, *, text: bool) -> None:
        zone = Value(timezone.get_current_timezone_name())
        if text:
            super().__init__(F(field), zone, template="to_char(%(expressions)s, 'YYYY-MM-DD HH24:MI')")
            self.output_field = CharField()
        else:
            super().__init__(F(field), zone, template="(%(expressions)s)", output_field=DateTimeField())


def _yes_no(field: str) -> Case:
    return Case(When(**{field: True}, then=Value("yes")), default=Value("no"), output_field=CharField())


def _or_blank(field: str) -> Coalesce:
    return Coalesce(Cast(field, TextField()), Value(""), output_field=TextField())


def _pg_values(qs: QuerySet[Activity], *, text: bool) -> QuerySet[Any]:
    """The activities' own cells in COLUMNS order, without the four read per batch (partners, wards, boroughs,
    communities): for CSV every cell text formatted by the database (no timestamps for the driver to parse,
    no zone to convert per value in Python), for XLSX times as wall-clock datetimes and numbers as numbers."""
    cells: dict[str, Any] = {
        "x_unit": Coalesce(NullIf("organising_unit__short_name", Value("")), "organising_unit__name"),
        "x_london": _yes_no("london_wide"),
        "x_starts": _LocalTime("starts_at", text=text),
        "x_ends": _LocalTime("ends_at", text=text),
        "x_until": Coalesce(
            Func(F("repeat_until"), template="to_char(%(expressions)s, 'YYYY-MM-DD')", output_field=CharField()),
            Value(""),
        ),
        "x_dates": Cast("exception_dates", TextField()),  # plain text: decoded only when not empty
        "x_public": _yes_no("is_public"),
        "x_pre_planned": _yes_no("pre_planned"),
    }
    numbers = ("attendance", "reach", "cost")
    if text:
        cells |= {f"x_{name}": _or_blank(name) for name in numbers}
    columns = [
        "pk",
        "title",
        "purpose",
        "use_of_results",
        "method",
        "tier",
        "status",
        "x_unit",
        "lead_name",
        "lead_email",
        "lead_phone",
        "x_london",
        "audience",
        "x_starts",
        "x_ends",
        "recurrence",
        "x_until",
        "x_dates",
        "venue",
        "venue_accessibility",
        "x_public",
        "x_pre_planned",
        *(f"x_{name}" if text else name for name in numbers),
        "outcome_notes",
    ]
    return qs.annotate(**cells).order_by("starts_at", "pk").values_list(*columns)


def _pg_linked(ids: list[int]) -> tuple[dict[int, str], ...]:
    """`_linked`, each list joined by the database."""
    found: tuple[dict[int, str], ...] = ({}, {}, {}, {})
    sql = _links_sql("= ANY(%s::bigint[])").replace("ORDER BY 1, 4, 5", "")
    with connection.cursor() as cursor:
        # only our own statement is interpolated; the ids are one parameter
        cursor.execute(
            f"SELECT k, activity_id, string_agg(v, '; ' ORDER BY o, id) FROM ({sql}) links "  # noqa: S608
            "GROUP BY k, activity_id",
            ["{" + ",".join(map(str, ids)) + "}"] * 4,
        )
        for k, activity_id, text in cursor.fetchall():
            found[k][activity_id] = text
    return found


def _pg_batches(qs: QuerySet[Activity], *, text: bool) -> Iterator[list[list[Any]]]:
    """The export's rows in COLUMNS order, PG_BATCH at a time (a server-side cursor in start order, and one read
    of the link tables per batch)."""
    for batch in _batched(_pg_values(qs, text=text).iterator(chunk_size=PG_BATCH), PG_BATCH):
        partners, wards, boroughs, communities = _pg_linked([r[0] for r in batch])
        out = []
        for r in batch:
            pk = r[0]
            out.append(
                [
                    *r[:11],
                    partners.get(pk, ""),
                    wards.get(pk, ""),
                    boroughs.get(pk, ""),
                    r[11],
                    communities.get(pk, ""),
                    *r[12:17],
                    _dates(r[17]),
                    *r[18:],
                ]
            )
        yield out


def _pg_csv_chunks(qs: QuerySet[Activity]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for batch in _pg_batches(qs, text=True):
        # Only a row with a cell starting with a formula character or white space needs the closer look.
        writer.writerows([safe_row(r) if {c[:1] for c in r[1:]} & _CHECK_FIRST else r for r in batch])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
