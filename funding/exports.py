"""The end-of-year report and the equitable spread as files: CSV, XLSX (one sheet) and PDF (WeasyPrint, as the
plans' board report)."""

from collections.abc import Iterable
from typing import Any

from core.pdf import render_pdf
from funding.models import Allocation
from funding.queries import Spread, pounds

REPORT_COLUMNS = [
    "Round",
    "Borough",
    "Group",
    "Project",
    "Allocated (£)",
    "Claimed (£)",
    "Claims accepted (£)",
    "Paid (£)",
    "Spent (£)",
    "Conditions",
    "Evaluation",
    "People reached",
    "Outcomes",
]
SPREAD_COLUMNS = [
    "Borough",
    "Borough code",
    "Residents (Census 2021)",
    "Allocated (£)",
    "Funded projects",
    "£ per 1,000 residents",
    "Ward panels",
    "£ per ward panel",
    "Households deprived in at least one dimension (%)",
]


def report_rows(rows: Iterable[Allocation]) -> list[list[Any]]:
    out = []
    for a in rows:
        ev = getattr(a, "evaluation", None)
        out.append(
            [
                a.round.name,
                a.borough.name if a.borough else "London-wide",
                a.group.name,
                a.project,
                a.amount,
                pounds(a.claimed),  # type: ignore[attr-defined]
                pounds(a.accepted),  # type: ignore[attr-defined]
                pounds(a.paid),  # type: ignore[attr-defined]
                pounds(a.spent),  # type: ignore[attr-defined]
                a.conditions,
                ev.get_verdict_display() if ev else "Not yet evaluated",
                ev.people_reached if ev and ev.people_reached is not None else "",
                ev.outcomes if ev else "",
            ]
        )
    return out


def spread_rows(spread: Spread) -> list[list[Any]]:
    return [
        [
            r.borough.name,
            r.borough.code,
            r.borough.population or "",
            r.allocated,
            r.projects,
            r.per_thousand if r.per_thousand is not None else "",
            r.ward_panels,
            r.per_panel if r.per_panel is not None else "",
            r.need if r.need is not None else "",
        ]
        for r in spread.rows
    ]


def to_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    return render_pdf("funding/report_print.html", context, base_url=base_url)
