"""Where places are, roughly: a centre point for a postcode, a ward and a borough, and the distance between two.

    positions.postcode_position("SE6 4RU")      # (lat, lon) of the loaded postcode's centre, or None
    positions.ward_centres({ward.pk, ...})      # {ward pk: (lat, lon)}
    positions.borough_centres({borough.pk})     # {borough pk: (lat, lon)}
    positions.distance_km((lat, lon), (lat, lon))

A borough's centre is the centroid of its shipped 2022 boundary. A ward's centre is the mean of its loaded
postcodes' centres; a ward with no postcodes loaded takes the centroid of the 2014-2022 ward of the same code or,
in the same borough, the same name; failing both, its borough's centre. Good to a few hundred metres: enough to
put nearby people first, not to navigate by.
"""

import math
from collections.abc import Iterable
from functools import cache

from django.db.models import Avg

from places import geometry
from places.models import Borough, Postcode, Ward
from places.services import normalise_postcode

Point = tuple[float, float]  # (latitude, longitude) in degrees, WGS84
EARTH_RADIUS_KM = 6371.0


def _ring_centroid(ring: geometry.Ring) -> tuple[float, float, float]:
    """(signed area, centroid lon, centroid lat) of one ring, by the shoelace formula on degrees."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area / 2, cx / (3 * area), cy / (3 * area)


def shape_centre(shape: geometry.Shape) -> Point:
    """The area-weighted centroid of a shape's outer rings, as (lat, lon)."""
    parts = [_ring_centroid(poly[0]) for poly in shape.polygons]
    total = sum(abs(a) for a, _, _ in parts)
    if total == 0:
        west, south, east, north = shape.box
        return (south + north) / 2, (west + east) / 2
    lon = sum(abs(a) * x for a, x, _ in parts) / total
    lat = sum(abs(a) * y for a, _, y in parts) / total
    return lat, lon


@cache
def borough_centres_by_code() -> dict[str, Point]:
    return {shape.code: shape_centre(shape) for shape in geometry.boroughs()}


@cache
def _old_ward_centres() -> tuple[dict[str, Point], dict[tuple[str, str], Point]]:
    by_code: dict[str, Point] = {}
    by_name: dict[tuple[str, str], Point] = {}
    for shape in geometry.wards_2014():
        centre = shape_centre(shape)
        by_code[shape.code] = centre
        by_name[(shape.parent, shape.name.strip().lower())] = centre
    return by_code, by_name


def borough_centres(borough_ids: Iterable[int]) -> dict[int, Point]:
    ids = set(borough_ids)
    centres = borough_centres_by_code()
    return {
        pk: centres[code]
        for pk, code in Borough.objects.filter(pk__in=ids).values_list("pk", "code")
        if code in centres
    }


def ward_centres(ward_ids: Iterable[int]) -> dict[int, Point]:
    ids = set(ward_ids)
    if not ids:
        return {}
    found: dict[int, Point] = {
        row["ward_id"]: (row["lat"], row["lon"])
        for row in Postcode.objects.filter(ward_id__in=ids, terminated=False, latitude__isnull=False)
        .values("ward_id")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        if row["lat"] is not None and row["lon"] is not None
    }
    missing = ids - set(found)
    if missing:
        by_code, by_name = _old_ward_centres()
        boroughs = borough_centres_by_code()
        for pk, code, name, borough_code in Ward.objects.filter(pk__in=missing).values_list(
            "pk", "code", "name", "borough__code"
        ):
            centre = (
                by_code.get(code) or by_name.get((borough_code, name.strip().lower())) or boroughs.get(borough_code)
            )
            if centre is not None:
                found[pk] = centre
    return found


def postcode_position(text: str) -> Point | None:
    """The centre of a loaded, in-use postcode; None when it is not loaded or has no position."""
    row = (
        Postcode.objects.filter(postcode=normalise_postcode(text), terminated=False, latitude__isnull=False)
        .values_list("latitude", "longitude")
        .first()
    )
    if row is None or row[0] is None or row[1] is None:
        return None
    return row[0], row[1]


def postcode_positions(compacts: Iterable[str]) -> dict[str, Point]:
    """The centres of many loaded, in-use postcodes (given compact, as `normalise_postcode` makes them)."""
    wanted = set(compacts)
    found: dict[str, Point] = {}
    for batch in [sorted(wanted)[i : i + 900] for i in range(0, len(wanted), 900)]:
        rows = Postcode.objects.filter(postcode__in=batch, terminated=False, latitude__isnull=False)
        for code, lat, lon in rows.values_list("postcode", "latitude", "longitude"):
            if lat is not None and lon is not None:
                found[code] = (lat, lon)
    return found


def distance_km(a: Point, b: Point) -> float:
    """The great-circle distance between two points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
