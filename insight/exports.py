"""CSV and XLSX downloads of the board's view: results of a measure, and engagement beside confidence."""

from collections.abc import Iterable
from typing import Any

from core.pdf import render_pdf
from insight.models import Measure, Result
from insight.queries import EngagementRow

RESULT_COLUMNS = [
    "measure",
    "area",
    "borough_code",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "proportion",
    "base",
    "source",
    "fictional",
]


def result_rows(results: Iterable[Result]) -> Iterable[list[Any]]:
    for r in results:
        yield [
            r.measure.key,
            r.area_name,
            r.borough.code if r.borough else "",
            r.period.label,
            r.period.kind,
            r.period.start.isoformat(),
            r.period.end.isoformat(),
            r.proportion,
            r.base if r.base is not None else "",
            r.source.name,
            "yes" if r.source.is_fictional else "no",
        ]


def engagement_columns(measures: list[Measure]) -> list[str]:
    return [
        "borough",
        "borough_code",
        "activities_held",
        "by_method",
        "attendance",
        "activities_without_attendance",
        "reach",
        "feedback_published",
        "feedback_due",
        "feedback_on_time",
        "feedback_late",
        "feedback_owed",
        *[f"{m.key} (proportion)" for m in measures],
        *[f"{m.key} against London" for m in measures],
    ]


def engagement_rows(rows: list[EngagementRow]) -> Iterable[list[Any]]:
    for row in rows:
        e, f = row.engagement, row.feedback
        yield [
            row.borough.name,
            row.borough.code,
            e.held,
            "; ".join(f"{label}: {n}" for _m, label, n in row.methods),
            e.attendance,
            e.without_attendance,
            e.reach,
            f["published"],
            f["due"],
            f["on_time"],
            f["late"],
            f["owed"],
            *[(r.proportion if r else "") for _m, r, _c in row.measures],
            *[c.words for _m, _r, c in row.measures],
        ]


def dashboard_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    """The board's dashboard as PDF, in the plans' board report's print style."""
    return render_pdf(
        "insight/dashboard_print.html",
        context,
        base_url=base_url,
        extra_css=(
            "table { margin-bottom: 8pt; } h3 { font-size: 10pt; } a { color: inherit; text-decoration: none; } "
            ".govuk-visually-hidden { display: none; } ul.eh-legend { list-style: none; padding: 0; } "
            ".eh-legend li { display: inline; margin-right: 12pt; }"
        ),
    )
