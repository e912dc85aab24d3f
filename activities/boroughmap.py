"""A choropleth of London's boroughs as inline SVG, drawn from the borough boundaries the project ships
(places/data, ONS 2022, generalised): no script, no tiles, and a table beside it carries the same figures."""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import places

BOUNDARIES = Path(places.__file__).parent / "data" / "london_boroughs_2022_gen20m.geojson"
WIDTH = 600
# Light to dark; the lightest is "none". Dark shades carry white focus outlines; the table beside gives the figures.
SHADES = ("#f3f2f1", "#bbd4ea", "#7fa7d2", "#3d70b0", "#12436d")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    path: str
    fill: str
    value: str
    href: str


@cache
def _outlines() -> tuple[tuple[str, str, str], ...]:
    """(code, name, SVG path) per borough, projected once (equirectangular at London's latitude)."""
    features = json.loads(BOUNDARIES.read_text())["features"]
    points = [pt for f in features for poly in _polygons(f["geometry"]) for ring in poly for pt in ring]
    lon0, lon1 = min(p[0] for p in points), max(p[0] for p in points)
    lat0, lat1 = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = WIDTH / ((lon1 - lon0) * kx)
    out = []
    for f in features:
        parts = []
        for poly in _polygons(f["geometry"]):
            for ring in poly:
                xy = [((x - lon0) * kx * scale, (lat1 - y) * scale) for x, y in ring]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        props = f["properties"]
        out.append((props["LAD22CD"], props["LAD22NM"], "".join(parts)))
    return tuple(out)


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


@cache
def height() -> int:
    coords = (n for _c, _n, p in _outlines() for n in p.replace("M", "L").replace("Z", "").split("L") if n)
    return math.ceil(max(float(n.split(",")[1]) for n in coords)) + 1


BANDS = ((0, "none"), (25, "under 25%"), (50, "25% to under 50%"), (75, "50% to under 75%"), (101, "75% or more"))


def shade(percent: float) -> str:
    """The shade of a share: none, under a quarter, under half, under three quarters, three quarters or more."""
    if percent <= 0:
        return SHADES[0]
    for i, (limit, _label) in enumerate(BANDS[1:], start=1):
        if percent < limit:
            return SHADES[i]
    return SHADES[-1]


def choropleth(percents: dict[str, float], labels: dict[str, str], *, href: str = "") -> list[Area]:
    """Areas shaded by a percentage; boroughs without a figure (outside the reader's area) are left white."""
    return [
        Area(
            code,
            name,
            path,
            shade(percents[code]) if code in percents else "#ffffff",
            labels.get(code, "not in your area"),
            href.format(code=code) if href and code in percents else "",
        )
        for code, name, path in _outlines()
    ]


def legend() -> list[tuple[str, str]]:
    return [(SHADES[i], label) for i, (_limit, label) in enumerate(BANDS)]


def map_context(
    key: str, *, title: str, measure: str, percents: dict[str, float], labels: dict[str, str], href: str = ""
) -> dict[str, Any]:
    """What `activities/_borough_map.html` needs."""
    return {
        "id": key,
        "title": title,
        "measure": measure,
        "table_hint": " beside it",
        "areas": choropleth(percents, labels, href=href),
        "legend": legend() + ([("#ffffff", "not in your area")] if len(percents) < len(_outlines()) else []),
        "width": WIDTH,
        "height": height(),
    }
