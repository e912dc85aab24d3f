"""The register's figures on a map of the boroughs (drawn by `places.maps`), with the rows of the table beside it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from places import maps, reference


@dataclass(frozen=True)
class BoroughCount:
    code: str
    name: str
    planned: int
    held: int
    href: str

    @property
    def total(self) -> int:
        return self.planned + self.held

    @property
    def label(self) -> str:
        if not self.total:
            return "no activities"
        noun = "activity" if self.total == 1 else "activities"
        return f"{self.total} {noun} ({self.planned} planned, {self.held} held)"


def register_map(counts: list[dict[str, Any]], query: str) -> tuple[maps.BoroughMap, list[BoroughCount]]:
    """Activities per borough under the register's filters: the map, and every borough's row for its table.

    Each borough links to its wards' counts under the same filters.
    """
    found = {r["borough_code"]: r for r in counts}
    suffix = f"?{query}" if query else ""
    rows = [
        BoroughCount(
            code,
            name,
            found.get(code, {}).get("planned", 0),
            found.get(code, {}).get("held", 0),
            reverse("activities:borough_counts", args=[code]) + suffix,
        )
        for code, name in ((b.code, b.name) for b in reference.borough_list())
    ]
    by_code = {r.code: r for r in rows}
    borough_map = maps.borough_map(
        "register-map",
        title="Activities per borough",
        measure="activities planned and held",
        values={r.code: r.total for r in rows},
        bands=maps.count_bands([r.total for r in rows], noun="activities", singular="activity"),
        labels={r.code: r.label for r in rows},
        link=lambda code: by_code[code].href,
    )
    return borough_map, rows


def share_map(
    key: str,
    *,
    title: str,
    measure: str,
    counts: dict[str, tuple[int, int]],
    what: str,
    link: Callable[[str], str],
) -> maps.BoroughMap:
    """Boroughs shaded by the share of their wards that are `what` ("at medium or high"): `counts` gives, by ONS
    code, (wards that are, wards) for the boroughs of the reader's area; the others are "not in your area"."""
    return maps.borough_map(
        key,
        title=title,
        measure=measure,
        values={code: 100 * n / total for code, (n, total) in counts.items() if total},
        bands=maps.share_bands(),
        labels={
            code: f"{n} of {total} wards {what} ({round(100 * n / total)}%)"
            for code, (n, total) in counts.items()
            if total
        },
        link=link,
        missing="not in your area",
    )
