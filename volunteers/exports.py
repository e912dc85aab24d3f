"""CSV and XLSX downloads: volunteer outputs (counts by type, place and day, never about a person) and approved
hours (per volunteer with their milestones, for their coordinators; per home borough; per programme)."""

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
    return table(fmt, filename, rows(outputs), "Outputs")


def table(fmt: str, filename: str, lines: Iterable[list[Any]], sheet: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(b"".join(stream_xlsx(lines, sheet)), content_type=XLSX)
    else:
        response = HttpResponse("".join(_csv(lines)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def hours_rows(by: str, lines: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    if by == "volunteer":
        yield [
            "volunteer",
            "programme",
            "home_borough",
            "approved_hours_in_period",
            "approved_hours_ever",
            "started_on",
            "hours_milestone",
            "years_of_service",
        ]
        for line in lines:
            v, r = line["volunteer"], line["recognition"]
            yield [
                v.name,
                v.get_kind_display(),
                v.home_borough.name,
                float(line["period"]),
                float(line["ever"]),
                line["started"].isoformat(),
                r.hours_reached or "",
                r.years,
            ]
        return
    yield ["home_borough" if by == "borough" else "programme", "code", "approved_hours", "volunteers"]
    for line in lines:
        yield [line["name"], line["code"], float(line["hours"] or 0), line["volunteers"]]
