"""Ward outlines for police.uk's `boundary`, `centre` and `locate-neighbourhood`, from the shipped boundaries.

`places/data/london_wards_2014_to_2022.geojson` (ONS/OS via UK-GeoJSON, OGL v3; see `places/data/README.md`)
holds the ward boundaries used from 2014 to May 2022; no 2022 ward polygons are shipped. A current (2022) ward gets:

1. the polygon with its own ONS code, where the ward kept its code (the 25 City of London wards): exact;
2. otherwise the polygon of the 2014 ward of the same name in the same borough: the nearest mapping the
   shipped data allows (the name survived the 2022 review; its line may have moved);
3. otherwise none: `boundary` is a 404 saying so, and `centre` is the middle of the borough's shipped wards.

`locate` finds the 2014 polygon holding a point and answers the 2022 ward mapped to it (rules 1 and 2 read
backwards); a point in a 2014 ward with no 2022 namesake, or outside London, has no neighbourhood (404).
"""

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from places import geometry

BOUNDARIES = geometry.WARDS_2014  # the same file "use my location" reads

Ring = Sequence[tuple[float, float]]  # (longitude, latitude) pairs, closed


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    borough: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its outer ring, then its holes
    box: tuple[float, float, float, float]  # west, south, east, north

    def holds(self, lng: float, lat: float) -> bool:
        west, south, east, north = self.box
        if not (west <= lng <= east and south <= lat <= north):
            return False
        return any(
            geometry.in_ring(lng, lat, rings[0]) and not any(geometry.in_ring(lng, lat, hole) for hole in rings[1:])
            for rings in self.polygons
        )

    def points(self) -> list[tuple[float, float]]:
        """The outer ring of the largest polygon, as (latitude, longitude), as police.uk lists a boundary."""
        largest = max((rings[0] for rings in self.polygons), key=lambda ring: abs(_area(ring)))
        return [(lat, lng) for lng, lat in largest]

    def centre(self) -> tuple[float, float]:
        """The centroid of the largest polygon's outer ring, as (latitude, longitude)."""
        largest = max((rings[0] for rings in self.polygons), key=lambda ring: abs(_area(ring)))
        return _centroid(largest)


def name_key(borough: str, name: str) -> tuple[str, str]:
    """A ward name compared loosely: case, "&"/"and", "St."/"St" and punctuation do not matter."""
    text = name.lower().replace("&", " and ")
    return borough, re.sub(r"[^a-z0-9]+", "", text)


@cache
def outlines() -> tuple[Outline, ...]:
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    found = []
    for feature in data["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        polygons = tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in rings) for rings in parts)
        xs = [x for rings in polygons for x, _ in rings[0]]
        ys = [y for rings in polygons for _, y in rings[0]]
        found.append(
            Outline(
                code=props["WD13CD"],
                name=props["WD13NM"],
                borough=props["LAD13CD"],
                polygons=polygons,
                box=(min(xs), min(ys), max(xs), max(ys)),
            )
        )
    return tuple(found)


@cache
def _by_code() -> dict[str, Outline]:
    return {o.code: o for o in outlines()}


@cache
def _by_name() -> dict[tuple[str, str], Outline]:
    return {name_key(o.borough, o.name): o for o in outlines()}


def outline_for(code: str, borough: str, name: str) -> tuple[Outline | None, bool]:
    """The shipped outline of a 2022 ward, and whether it is its own (exact) rather than its namesake's."""
    own = _by_code().get(code)
    if own is not None:
        return own, True
    return _by_name().get(name_key(borough, name)), False


def outline_at(lat: float, lng: float) -> Outline | None:
    return next((o for o in outlines() if o.holds(lng, lat)), None)


def borough_centre(borough: str) -> tuple[float, float] | None:
    centres = [o.centre() for o in outlines() if o.borough == borough]
    if not centres:
        return None
    return sum(c[0] for c in centres) / len(centres), sum(c[1] for c in centres) / len(centres)


def _pairs(ring: Ring) -> Iterable[tuple[tuple[float, float], tuple[float, float]]]:
    return zip(ring, [*ring[1:], ring[0]], strict=True)


def _area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _pairs(ring)) / 2


def _centroid(ring: Ring) -> tuple[float, float]:
    area = _area(ring)
    if not area:
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        return sum(ys) / len(ys), sum(xs) / len(xs)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in _pairs(ring)) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in _pairs(ring)) / (6 * area)
    return cy, cx
