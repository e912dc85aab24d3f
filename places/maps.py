"""Maps of London's boroughs as inline SVG, drawn on the server from the shipped boundaries.

The borough outlines (`data/london_boroughs_2022_gen20m.geojson`, ONS/OS, OGL) are projected and simplified
once per process and kept in memory. A map is a choropleth: each borough gets a band of a value chosen by the
page, drawn as a fill colour *and* a pattern (so colour is never the only cue), with a key, and each borough is
a link whose accessible name states its figure. `places/_borough_map.html` draws it without script or inline
style (SVG presentation attributes only, as the site's CSP asks); `places/_borough_map_table.html` gives the
same figures as a table, which every page shows beside the map.
"""

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from places.tiles import Tile, grid, mercator

BOUNDARIES = Path(__file__).parent / "data" / "london_boroughs_2022_gen20m.geojson"
WARD_BOUNDARIES = Path(__file__).parent / "data" / "london_wards_2014_to_2022.geojson"
WIDTH = 600  # user units across; the SVG scales to its container through its viewBox
TOLERANCE = 0.4  # Douglas-Peucker tolerance in user units: under a pixel at full size, invisible when drawn
SMALLEST_RING = 2.0  # islands and slivers smaller than this (square user units) are dropped


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    path: str  # SVG path data, projected and simplified


@dataclass(frozen=True)
class Style:
    """How one band is drawn: a fill colour with marks over it in a contrasting ink."""

    fill: str
    ink: str
    marks: str  # path data inside an 8×8 pattern tile ("" for a plain fill)
    stroked: bool  # marks drawn as lines (True) or filled shapes (False)


# Light to dark blue, each with its own pattern: plain, dots, diagonal lines, crossed lines, dense dots.
# Dark ink on the light fills and white ink on the dark ones; every outline is near-black, and a focused
# borough turns yellow like a focused link.
STYLES = (
    Style("#f3f2f1", "#0b0c0c", "", False),
    Style("#c6dcf0", "#0b0c0c", "M3,3h2v2h-2z", False),
    Style("#81aede", "#0b0c0c", "M-2,2L2,-2M0,8L8,0M6,10L10,6", True),
    Style("#2c68a8", "#ffffff", "M-2,2L2,-2M0,8L8,0M6,10L10,6M-2,6L2,10M0,0L8,8M6,-2L10,2", True),
    Style("#0b3560", "#ffffff", "M1,1h2v2h-2zM5,5h2v2h-2z", False),
)
NO_FIGURE = Style("#ffffff", "#6f777b", "M0,4h8", True)


@dataclass(frozen=True)
class Band:
    """A range of values: those at or above `minimum` (or strictly above it when `above`)."""

    label: str
    minimum: float
    above: bool = False

    def holds(self, value: float) -> bool:
        return value > self.minimum if self.above else value >= self.minimum


@dataclass(frozen=True)
class KeyEntry:
    label: str
    pattern_id: str


@dataclass(frozen=True)
class Pattern:
    id: str
    style: Style


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    path: str
    pattern_id: str
    label: str  # the figure in words, e.g. "12 activities"
    band: str  # the key entry it falls in
    href: str
    value: float | None

    @property
    def accessible_name(self) -> str:
        return f"{self.name}: {self.label}"


@dataclass(frozen=True)
class BoroughMap:
    """Everything `places/_borough_map.html` and `places/_borough_map_table.html` need."""

    key: str
    title: str
    description: str
    width: int
    height: int
    areas: tuple[Area, ...]
    patterns: tuple[Pattern, ...]
    key_entries: tuple[KeyEntry, ...]
    measure: str  # heading of the figure column in the table
    area_noun: str = "Borough"  # heading of the first column in the table
    tiles: tuple[Tile, ...] = ()  # raster tiles under the shapes, only when MAP_TILES_URL is set
    tile_attribution: str = ""  # shown as text under the map when there are tiles

    @property
    def rows(self) -> list[Area]:
        """The boroughs alphabetically, for the table beside the map."""
        return sorted(self.areas, key=lambda a: a.name)


def _perpendicular(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    return abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / math.hypot(dx, dy)


def simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the points that matter for the shape within `tolerance` (iterative, any length)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: Sequence[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))) / 2


def _polygons(geometry: Mapping[str, Any]) -> list[Any]:
    return list(geometry["coordinates"]) if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _tenths(v: int) -> str:
    return f"{v / 10:g}"


def _path(ring: Sequence[tuple[float, float]]) -> str:
    """A closed ring as path data: the first point absolute, then relative steps between points rounded to a
    tenth of a unit (steps of the rounded points, so rounding never accumulates)."""
    pts = [(round(x * 10), round(y * 10)) for x, y in ring]
    out = [f"M{_tenths(pts[0][0])},{_tenths(pts[0][1])}"]
    steps = [(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False)]
    out.append("l" + " ".join(f"{_tenths(dx)},{_tenths(dy)}" for dx, dy in steps if dx or dy))
    return "".join(out) + "z"


@dataclass(frozen=True)
class Frame:
    """Where a map sits in the world: its (0, 0) as a Web Mercator point and its map units per world width."""

    left: float
    top: float
    scale: float


@dataclass(frozen=True)
class Projected:
    outlines: tuple[Outline, ...]
    height: int
    frame: Frame


def _project(features: list[dict[str, Any]], code: str, name: str) -> Projected:
    """The features' outlines as SVG path data fitted to WIDTH, alphabetically by name, and the map's height.

    Web Mercator, the projection of map tiles, so that tiles drawn behind the shapes (`MAP_TILES_URL`) line up.
    """
    points = [mercator(x, y) for f in features for poly in _polygons(f["geometry"]) for ring in poly for x, y in ring]
    left, top = min(x for x, _y in points), min(y for _x, y in points)
    scale = (WIDTH - 2) / (max(x for x, _y in points) - left)
    result = []
    for feature in features:
        parts = []
        for poly in _polygons(feature["geometry"]):
            for ring in poly:
                xy = [(1 + (mx - left) * scale, 1 + (my - top) * scale) for mx, my in map(_mercator, ring)]
                if _area(xy) < SMALLEST_RING:
                    continue
                kept = simplify(xy, TOLERANCE)
                if kept[0] == kept[-1]:
                    kept = kept[:-1]
                parts.append(_path(kept))
        props = feature["properties"]
        result.append(Outline(props[code], props[name], "".join(parts)))
    height = math.ceil((max(y for _x, y in points) - top) * scale) + 2
    frame = Frame(left - 1 / scale, top - 1 / scale, scale)  # the one-unit margin round the shapes
    return Projected(tuple(sorted(result, key=lambda o: o.name)), height, frame)


def _mercator(point: Sequence[float]) -> tuple[float, float]:
    return mercator(point[0], point[1])


@cache
def _boroughs() -> Projected:
    return _project(json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"], "LAD22CD", "LAD22NM")


@cache
def outlines() -> tuple[tuple[Outline, ...], int]:
    """Every borough's outline as SVG path data, alphabetically by name, and the map's height."""
    projected = _boroughs()
    return projected.outlines, projected.height


@cache
def _ward_features() -> dict[str, dict[str, Any]]:
    return {f["properties"]["WD13CD"]: f for f in json.loads(WARD_BOUNDARIES.read_text(encoding="utf-8"))["features"]}


@cache
def _wards(ward_codes: tuple[str, ...]) -> Projected | None:
    features = _ward_features()
    if not ward_codes or any(code not in features for code in ward_codes):
        return None
    return _project([features[code] for code in ward_codes], "WD13CD", "WD13NM")


def ward_outlines(ward_codes: tuple[str, ...]) -> tuple[tuple[Outline, ...], int] | None:
    """These wards' outlines fitted to the map, or None unless every one has a boundary of its current code.

    Only 2014-2022 ward boundaries are shipped: a ward whose code is unchanged since (the City of London's) has
    its current boundary; any other ward's current boundary is not known, so no ward map is drawn for it.
    """
    projected = _wards(ward_codes)
    return (projected.outlines, projected.height) if projected else None


def _tiles(projected: Projected) -> tuple[Tile, ...]:
    """The raster tiles under a map when `MAP_TILES_URL` is set (none by default)."""
    if not settings.MAP_TILES_URL:
        return ()
    frame = projected.frame
    return grid(
        settings.MAP_TILES_URL,
        left=frame.left,
        top=frame.top,
        scale=frame.scale,
        width=WIDTH,
        height=projected.height,
    )


def ward_map(key: str, *, title: str, wards: Sequence[Any], link: Callable[[Any], str]) -> "BoroughMap | None":
    """A map of a borough's wards, each a link named after its ward; None when their boundaries are not known."""
    projected = _wards(tuple(sorted(w.code for w in wards)))
    if projected is None:
        return None
    by_code = {w.code: w for w in wards}
    pattern = Pattern(f"{key}-ward", STYLES[1])
    ward = _("ward")
    areas = tuple(
        Area(o.code, by_code[o.code].name, o.path, pattern.id, ward, ward, link(by_code[o.code]), None)
        for o in projected.outlines
    )
    return BoroughMap(
        key=key,
        title=title,
        description=ngettext(
            "A map of the %(count)s ward; it links to its page. The same ward is listed below.",
            "A map of the %(count)s wards; each links to its page. The same wards are listed below.",
            len(areas),
        )
        % {"count": len(areas)},
        width=WIDTH,
        height=projected.height,
        areas=areas,
        patterns=(pattern,),
        key_entries=(KeyEntry(_("a ward (each links to its page)"), pattern.id),),
        measure="",
        area_noun="Ward",
        tiles=_tiles(projected),
        tile_attribution=settings.MAP_TILES_ATTRIBUTION,
    )


def count_bands(values: Iterable[float], noun: str = "", singular: str = "") -> list[Band]:
    """Bands for counts: none, then up to three ranges split at the thirds of the non-zero values.

    `noun` follows each range ("1 to 4 activities"), `singular` a range of exactly one ("1 activity").
    """
    positive = sorted(v for v in values if v > 0)
    bands = [Band("none", 0)]
    if not positive:
        return bands
    cuts = [1]
    for q in (1 / 3, 2 / 3):
        cut = math.ceil(positive[min(len(positive) - 1, int(q * len(positive)))])
        if cut > cuts[-1]:
            cuts.append(cut)
    suffix = f" {noun}" if noun else ""
    for i, cut in enumerate(cuts):
        if i + 1 < len(cuts):
            top = cuts[i + 1] - 1
            one = f" {singular or noun}" if cut == 1 and (singular or noun) else suffix
            label = f"{cut}{one}" if top == cut else f"{cut} to {top}{suffix}"
        else:
            label = f"{cut} or more{suffix}"
        bands.append(Band(label, cut))
    return bands


def share_bands() -> list[Band]:
    """Bands for percentages: none, under a quarter, under half, under three quarters, three quarters or more."""
    return [
        Band("none", 0),
        Band("under 25%", 0, above=True),
        Band("25% to under 50%", 25),
        Band("50% to under 75%", 50),
        Band("75% or more", 75),
    ]


def _styles_for(count: int) -> list[Style]:
    """Spread the palette over the bands, so the lightest and darkest are always used."""
    if count == 1:
        return [STYLES[0]]
    last = len(STYLES) - 1
    return [STYLES[round(i * last / (count - 1))] for i in range(count)]


def borough_map(
    key: str,
    *,
    title: str,
    measure: str,
    values: Mapping[str, float],
    bands: Sequence[Band],
    labels: Mapping[str, str] | None = None,
    link: Callable[[str], str] | None = None,
    missing: str = "no figure",
) -> BoroughMap:
    """A choropleth of the boroughs: `values` by ONS code, drawn in `bands` (at most five, lowest first).

    `labels` gives each borough's figure in words (its accessible name and tooltip; by default the value),
    `link(code)` where each borough leads. Boroughs with no value (e.g. outside the reader's area) are drawn
    hatched grey with `missing` as their figure and no link.
    """
    if not 1 <= len(bands) <= len(STYLES):
        raise ValueError(f"A borough map has 1 to {len(STYLES)} bands.")
    projected = _boroughs()
    shapes = projected.outlines
    styles = _styles_for(len(bands))
    patterns = [Pattern(f"{key}-band-{i}", style) for i, style in enumerate(styles)]
    entries = [KeyEntry(band.label, pattern.id) for band, pattern in zip(bands, patterns, strict=True)]
    if any(o.code not in values for o in shapes):
        patterns.append(Pattern(f"{key}-none", NO_FIGURE))
        entries.append(KeyEntry(missing, f"{key}-none"))
    areas = []
    for o in shapes:
        value = values.get(o.code)
        if value is None:
            areas.append(Area(o.code, o.name, o.path, f"{key}-none", missing, missing, "", None))
            continue
        index = max((i for i, band in enumerate(bands) if band.holds(value)), default=0)
        text = (labels or {}).get(o.code) or f"{value:g}"
        areas.append(
            Area(
                o.code,
                o.name,
                o.path,
                patterns[index].id,
                text,
                bands[index].label,
                link(o.code) if link else "",
                value,
            )
        )
    return BoroughMap(
        key=key,
        title=title,
        description=_("A map of London's 33 boroughs shaded by %(measure)s. The same figures are in the table with it.")
        % {"measure": measure},
        width=WIDTH,
        height=projected.height,
        areas=tuple(areas),
        patterns=tuple(patterns),
        key_entries=tuple(entries),
        measure=measure,
        tiles=_tiles(projected),
        tile_attribution=settings.MAP_TILES_ATTRIBUTION,
    )
