"""Which borough and ward a point is in, from the boundaries shipped in places/data/ (no library needed).

Boroughs: the 2022 borough boundaries (ONS, generalised to 20 m): the borough found is the current one.
Wards: no 2022 ward polygons are published in the sources we hold, so the point is placed in a 2014-2022 ward
(ONS/OS via UK-GeoJSON) and mapped to a current ward, in this order:
1. the 2014 ward's code is a current ward's code (the City of London's 25 wards): that ward, exactly;
2. the loaded postcode whose centre is nearest the point, within 300 m and in the same borough: its 2022 ward
   (the postcode directory gives every postcode's 2022 ward), named as the likely ward;
3. a current ward of the same borough with the 2014 ward's name: named as the likely ward;
otherwise only the borough is found, and the person chooses from its wards.
Polygons are tested by ray casting (even-odd rule, holes included), after a bounding-box check.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from places import reference
from places.models import Borough, Postcode, Ward

DATA = Path(__file__).parent / "data"
BOROUGHS = DATA / "london_boroughs_2022_gen20m.geojson"
WARDS_2014 = DATA / "london_wards_2014_to_2022.geojson"
NEAREST_POSTCODE_METRES = 300

Ring = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    parent: str  # the borough's code for a ward, "" for a borough
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its outer ring, then its holes (lon, lat)
    box: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Ray casting: does a ray east from the point cross the ring's edges an odd number of times?"""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(shape: Shape, lon: float, lat: float) -> bool:
    west, south, east, north = shape.box
    if not (west <= lon <= east and south <= lat <= north):
        return False
    return any(
        in_ring(lon, lat, poly[0]) and not any(in_ring(lon, lat, h) for h in poly[1:]) for poly in shape.polygons
    )


def _shapes(path: Path, code: str, name: str, parent: str) -> tuple[Shape, ...]:
    shapes = []
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        geometry: dict[str, Any] = feature["geometry"]
        raw = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        polygons = tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in poly) for poly in raw)
        lons = [x for poly in polygons for x, _ in poly[0]]
        lats = [y for poly in polygons for _, y in poly[0]]
        props = feature["properties"]
        shapes.append(
            Shape(
                props[code], props[name], props.get(parent, ""), polygons, (min(lons), min(lats), max(lons), max(lats))
            )
        )
    return tuple(shapes)


@cache
def boroughs() -> tuple[Shape, ...]:
    return _shapes(BOROUGHS, "LAD22CD", "LAD22NM", "")


@cache
def wards_2014() -> tuple[Shape, ...]:
    return _shapes(WARDS_2014, "WD13CD", "WD13NM", "LAD13CD")


def shape_at(shapes: Sequence[Shape], lon: float, lat: float) -> Shape | None:
    return next((s for s in shapes if contains(s, lon, lat)), None)


@dataclass(frozen=True)
class Location:
    borough: Borough | None
    ward: Ward | None
    exact: bool  # the ward is certain (else it is the likely one, or none was found)
    how: str  # how the ward was found, in words


def _nearest_postcode_ward(lat: float, lon: float, borough: Borough) -> Ward | None:
    dlat = NEAREST_POSTCODE_METRES / 111_320
    dlon = dlat / math.cos(math.radians(lat))
    near = Postcode.objects.filter(
        borough=borough,
        ward__isnull=False,
        terminated=False,
        latitude__range=(lat - dlat, lat + dlat),
        longitude__range=(lon - dlon, lon + dlon),
    ).values_list("latitude", "longitude", "ward_id")[:500]
    kx = math.cos(math.radians(lat))
    points = [(p_lat, p_lon, ward_id) for p_lat, p_lon, ward_id in near if p_lat is not None and p_lon is not None]
    best = min(points, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * kx) ** 2, default=None)
    if best is None or best[2] is None:
        return None
    return reference.by_pk(Ward, {best[2]}).get(best[2])


def locate(lat: float, lon: float) -> Location:
    """The borough and (where it can be told) the ward at a point in WGS84 degrees."""
    found = shape_at(boroughs(), lon, lat)
    borough = reference.borough(found.code) if found else None
    if borough is None:
        return Location(None, None, False, "")
    old = shape_at(wards_2014(), lon, lat)
    if old is not None:
        current = reference.ward(old.code)
        if current is not None and current.borough_id == borough.pk:
            return Location(borough, current, True, "from the ward boundaries")
    by_postcode = _nearest_postcode_ward(lat, lon, borough)
    if by_postcode is not None:
        return Location(borough, by_postcode, False, "from the nearest postcode")
    if old is not None:
        same_name = [w for w in reference.wards_of(borough) if w.name.lower() == old.name.lower()]
        if same_name:
            return Location(borough, same_name[0], False, "from the ward of that name before the 2022 boundary changes")
    return Location(borough, None, False, "")
