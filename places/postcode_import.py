"""Load the ONS Postcode Directory (ONSPD), the National Statistics Postcode Lookup (NSPL) or an extract of either.

The file is read as a stream, one row at a time (memory stays the same whatever its size), and written in batches
straight through the database cursor: an upsert (`INSERT … ON CONFLICT DO UPDATE`) on SQLite, a `COPY` into a
temporary table and one upsert from it on PostgreSQL. Loading the same file again changes nothing.

Columns are found by name, in any case, whichever layout the file has:
- the postcode: `pcds`, `pcd`, `pcd2`, `pcd7`, `pcd8` (ONSPD, NSPL) or `Postcode7` (the Lewisham extract);
- the ward: `osward` (ONSPD), `ward` (NSPL), `wdNNcd`, `WD22CD` or `WD22CD_proposed`;
- the borough: `oslaua` (ONSPD), `laua` (NSPL), `ladNNcd` or `LAD19CD`;
- when present: the retirement month `doterm` / `TerminationDate` (YYYYMM), the LSOA (`lsoa21`, `lsoa11`,
  `LSOA11CD`) and the centre `lat` / `long` (ONSPD's 99.999999 "no grid reference" is stored as none).
A row is London's when its ward is one of London's wards or its borough one of London's boroughs; other rows are
skipped unless `london_only` is False (then they are stored with no ward and no borough). In the directory
itself (an `oslaua`, `laua` or `ladNNcd` column), a line without "E09" in it (no London borough code) is skipped
without being parsed: its records are one line each and always name their borough.
"""

import csv
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import connection, transaction

from places.models import LATITUDE, LONGITUDE, Borough, Ward

LONDON_BOROUGH_CODE = "E09"  # every London borough's ONS code starts so, and no other area's
POSTCODE_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")

COLUMNS: dict[str, tuple[str, ...]] = {
    "postcode": ("pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode7", "postcodenatural", "postcode8", "postcode"),
    "ward": ("wd22cd_proposed", "wd22cd", "osward", "ward"),
    "borough": ("oslaua", "laua", "lad22cd", "lad19cd"),
    "terminated": ("doterm", "terminationdate"),
    "lsoa": ("lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd"),
    "latitude": ("lat", "latitude"),
    "longitude": ("long", "longitude"),
}
# Later editions name the ward and borough columns by year (wd24cd, lad24cd): accept any year.
YEARLY = {"ward": re.compile(r"^wd\d\dcd$"), "borough": re.compile(r"^lad\d\dcd$")}

FIELDS = (
    "postcode",
    "display",
    "ward_id",
    "borough_id",
    "lsoa_code",
    "terminated",
    "terminated_on",
    "latitude",
    "longitude",
)
Row = tuple[str, str, int | None, int | None, str, bool, str | None, float | None, float | None]


@dataclass
class Progress:
    """How far a load has got: rows read from the file, postcodes written, and why the others were not."""

    read: int = 0
    loaded: int = 0
    terminated: int = 0
    without_ward: int = 0
    skipped_outside_london: int = 0
    skipped_invalid: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    @property
    def rate(self) -> float:
        """Rows of the file handled per second."""
        return self.read / self.seconds

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "loaded": self.loaded,
            "terminated": self.terminated,
            "without_ward": self.without_ward,
            "skipped_outside_london": self.skipped_outside_london,
            "skipped_invalid": self.skipped_invalid,
        }


def find_columns(header: Sequence[str]) -> dict[str, int]:
    """Each kind of column's position in the header; ValueError naming what is missing before anything is read."""
    names = [(name or "").strip().lstrip("\ufeff").lower() for name in header]
    found: dict[str, int] = {}
    for kind, choices in COLUMNS.items():
        for choice in choices:
            if choice in names:
                found[kind] = names.index(choice)
                break
        else:
            pattern = YEARLY.get(kind)
            match = next((i for i, n in enumerate(names) if pattern and pattern.match(n)), None)
            if match is not None:
                found[kind] = match
    missing = []
    if "postcode" not in found:
        missing.append("postcode column (pcds, pcd or Postcode7)")
    if "ward" not in found and "borough" not in found:
        missing.append("ward or borough column (osward, ward, WD22CD_proposed; oslaua, laua, LAD19CD)")
    if missing:
        shown = ", ".join(sorted(n for n in (h.strip() for h in header) if n)) or "none"
        raise ValueError(f"The postcode file has no {' and no '.join(missing)}. Its columns are: {shown}.")
    return found


def _month(text: str) -> str | None:
    """'201906' or '201906.0' -> '2019-06-01'; None when empty or not a month."""
    digits = text.strip().split(".")[0]
    if len(digits) != 6 or not digits.isdigit():
        return None
    year, month = int(digits[:4]), int(digits[4:])
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-01"


def _degrees(text: str, bounds: tuple[float, float]) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if bounds[0] <= value <= bounds[1] else None


def read_rows(
    reader: Iterator[list[str]], columns: dict[str, int], progress: Progress, *, london_only: bool
) -> Iterator[Row]:
    """The rows to store, as tuples in FIELDS order, counting the others in `progress`.

    London's wards and boroughs are read now, before the first row is asked for (on PostgreSQL the rows are
    asked for while a COPY holds the connection)."""
    wards = {code: (pk, borough_id) for code, pk, borough_id in Ward.objects.values_list("code", "pk", "borough_id")}
    boroughs = dict(Borough.objects.values_list("code", "pk"))
    return _rows(reader, columns, progress, wards, boroughs, london_only)


def _rows(
    reader: Iterator[list[str]],
    columns: dict[str, int],
    progress: Progress,
    wards: dict[str, tuple[int, int]],
    boroughs: dict[str, int],
    london_only: bool,
) -> Iterator[Row]:
    pc_i = columns["postcode"]
    ward_i, borough_i = columns.get("ward"), columns.get("borough")
    term_i, lsoa_i = columns.get("terminated"), columns.get("lsoa")
    lat_i, long_i = columns.get("latitude"), columns.get("longitude")
    width = 1 + max(columns.values())
    shape = POSTCODE_SHAPE.match
    for row in reader:
        progress.read += 1
        if len(row) < width:
            progress.skipped_invalid += 1
            continue
        ward = wards.get(row[ward_i]) if ward_i is not None else None
        ward_id: int | None
        borough_id: int | None
        if ward is not None:
            ward_id, borough_id = ward
        else:
            ward_id, borough_id = None, boroughs.get(row[borough_i]) if borough_i is not None else None
            if borough_id is None and london_only:
                progress.skipped_outside_london += 1
                continue
        compact = row[pc_i].replace(" ", "").upper()
        if len(compact) > 8 or not shape(compact):
            progress.skipped_invalid += 1
            continue
        retired = _month(row[term_i]) if term_i is not None and row[term_i] else None
        terminated = retired is not None or (term_i is not None and bool(row[term_i].strip()))
        progress.loaded += 1
        progress.terminated += terminated
        progress.without_ward += ward_id is None
        yield (
            compact,
            f"{compact[:-3]} {compact[-3:]}",
            ward_id,
            borough_id,
            row[lsoa_i][:9] if lsoa_i is not None else "",
            terminated,
            retired,
            _degrees(row[lat_i], LATITUDE) if lat_i is not None else None,
            _degrees(row[long_i], LONGITUDE) if long_i is not None else None,
        )


def _lines_naming_a_london_borough(fh: Iterable[str], progress: Progress) -> Iterator[str]:
    """The lines with a London borough code in them; the others are counted as outside London unparsed."""
    for line in fh:
        if LONDON_BOROUGH_CODE in line:
            yield line
        elif line.strip():
            progress.read += 1
            progress.skipped_outside_london += 1


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    batch: dict[str, Row] = {}
    for row in rows:
        batch[row[0]] = row  # the last of a postcode repeated in one batch wins, as it would across batches
        if len(batch) >= size:
            yield list(batch.values())
            batch = {}
    if batch:
        yield list(batch.values())


TABLE = "places_postcode"
_UPDATE = ", ".join(f"{f} = excluded.{f}" for f in FIELDS[1:])


def _write_sqlite(rows: Iterable[Row], batch_size: int, tick: Callable[[], None]) -> None:
    # Table and column names are constants of this module; the values go as parameters.
    sql = f"INSERT INTO {TABLE} ({', '.join(FIELDS)}) VALUES ({', '.join(['%s'] * len(FIELDS))}) "  # noqa: S608
    sql += f"ON CONFLICT (postcode) DO UPDATE SET {_UPDATE}"
    with connection.cursor() as cursor:
        for batch in _batches(rows, batch_size):
            cursor.executemany(sql, batch)
            tick()


def _write_postgresql(rows: Iterable[Row], batch_size: int, tick: Callable[[], None]) -> None:
    """COPY every row into a temporary table, then one upsert from it (the last row of a postcode wins)."""
    columns = ", ".join(FIELDS)
    with connection.cursor() as cursor:
        # Dropped at commit; also dropped here, for a load inside a longer transaction (a test, a second load).
        cursor.execute("DROP TABLE IF EXISTS pg_temp.places_postcode_load")
        cursor.execute(
            "CREATE TEMPORARY TABLE places_postcode_load (seq bigserial, LIKE places_postcode INCLUDING DEFAULTS) "
            "ON COMMIT DROP"
        )
        raw: Any = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY places_postcode_load ({columns}) FROM STDIN") as copy:
            for n, row in enumerate(rows, 1):
                copy.write_row(row)
                if n % batch_size == 0:
                    tick()
        upsert = f"INSERT INTO {TABLE} ({columns}) SELECT DISTINCT ON (postcode) {columns} "  # noqa: S608 - constants
        upsert += (
            f"FROM places_postcode_load ORDER BY postcode, seq DESC ON CONFLICT (postcode) DO UPDATE SET {_UPDATE}"
        )
        # Room to sort a whole directory (2.7 million rows, ~300 MB) in memory rather than in temporary files.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(upsert)
        cursor.execute("DROP TABLE places_postcode_load")


def load_postcodes(
    fh: IO[str],
    *,
    london_only: bool = True,
    batch_size: int = 10_000,
    on_progress: Callable[[Progress], None] | None = None,
    every: int = 250_000,
) -> dict[str, int]:
    """Load a postcode directory CSV; the counts of rows read, postcodes loaded and rows skipped.

    Raises ValueError, naming the missing columns, before anything is written. `on_progress` is called at least
    every `every` rows read (and once at the end).
    """
    header = next(csv.reader([fh.readline()]), [])
    columns = find_columns(header)
    progress = Progress()
    # Every row of the directory itself (oslaua, laua, ladNNcd) names its borough, so a London row has "E09" in it:
    # other lines need not be parsed at all. Extracts may leave the borough empty, so they are read in full.
    directory = "borough" in columns and header[columns["borough"]].strip().lower() not in ("lad22cd", "lad19cd")
    lines = _lines_naming_a_london_borough(fh, progress) if london_only and directory else fh
    reader = csv.reader(lines)
    next_report = every

    def tick() -> None:
        nonlocal next_report
        if on_progress is not None and progress.read >= next_report:
            on_progress(progress)
            next_report = progress.read + every

    rows = read_rows(reader, columns, progress, london_only=london_only)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _write_postgresql(rows, batch_size, tick)
        else:
            _write_sqlite(rows, batch_size, tick)
    if on_progress is not None:
        on_progress(progress)
    counts = progress.as_dict()
    counts["per_second"] = round(progress.rate)
    return counts
