"""CSV and XLSX downloads of volunteer outputs: counts by type, place and day, never about a person."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse

from core.exports import csv_writer
from core.xlsx_stream import stream_xlsx
from volunteers.models import Output

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = Output.Kind.choices
COLUMNS = ["recorded_on", "output", "count", "borough", "borough_code", "ward", "ward_code", "opportunity"]


def rows(outputs: Iterable[Output]) -> Iterator[list[Any]]:
    yield COLUMNS
    for o in outputs:
        yield [
            o.recorded_on.isoformat(),
            o.get_kind_display(),
            o.count,
            o.borough.name,
            o.borough.code,
            o.ward.name if o.ward else "",
            o.ward.code if o.ward else "",
            o.opportunity.title,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(lines: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv_writer(_Echo())
    for line in lines:
        yield writer.writerow(line)


def respond(fmt: str, filename: str, outputs: Iterable[Output]) -> HttpResponse:
    """The whole file in one response (outputs are counts: thousands of rows at most, not millions)."""
    if fmt == "xlsx":
        response = HttpResponse(b"".join(stream_xlsx(rows(outputs), "Outputs")), content_type=XLSX)
    else:
        response = HttpResponse("".join(_csv(rows(outputs))), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
