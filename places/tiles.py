"""Raster map tiles behind the SVG maps (optional): Web Mercator, the XYZ tile grid and the tile server's origin.

Plain arithmetic with no Django import, so that settings.py can check the tile template and name its origin in
the Content-Security-Policy. A tile template is an XYZ address such as `https://tiles.example/{z}/{x}/{y}.png`.
"""

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

TILE_SIZE = 256  # pixels across a tile at every zoom
MAX_ZOOM = 18  # the deepest zoom most tile servers offer
PLACEHOLDERS = ("{z}", "{x}", "{y}")


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator (EPSG:3857) as fractions of the world square: x east from 180°W, y south from 85.05°N."""
    s = math.sin(math.radians(lat))
    return (lon + 180) / 360, 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def tile_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The x and y of the tile holding a point at a zoom level."""
    x, y = mercator(lon, lat)
    n = 2**zoom
    return min(n - 1, max(0, math.floor(x * n))), min(n - 1, max(0, math.floor(y * n)))


def zoom_for(scale: float) -> int:
    """The shallowest zoom whose tiles give at least one tile pixel per map unit (`scale`: map units per world)."""
    return max(0, min(MAX_ZOOM, math.ceil(math.log2(scale / TILE_SIZE))))


def origin(template: str) -> str:
    """The scheme, host and port of a tile template, for the Content-Security-Policy; ValueError if unusable."""
    parts = urlsplit(template)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError(f"MAP_TILES_URL must be an http(s) address, not {template!r}.")
    if any(p not in template for p in PLACEHOLDERS) or any(p in parts.netloc for p in PLACEHOLDERS):
        raise ValueError(f"MAP_TILES_URL must hold {{z}}, {{x}} and {{y}} in its path, not {template!r}.")
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Tile:
    """One tile image placed on the map, in map units."""

    href: str
    x: float
    y: float
    width: float
    height: float


def grid(template: str, *, left: float, top: float, scale: float, width: float, height: float) -> tuple[Tile, ...]:
    """The tiles covering a map of `width` × `height` units whose (0, 0) is the world point (`left`, `top`).

    Edges are rounded to hundredths from the tile boundaries themselves, so neighbouring tiles meet without a gap.
    """
    zoom = zoom_for(scale)
    n = 2**zoom

    def span(start: float, length: float) -> range:
        first = max(0, math.floor(start * n))
        last = min(n - 1, math.floor((start + length / scale) * n))
        return range(first, last + 1)

    def edge(index: int, start: float) -> float:
        return round((index / n - start) * scale, 2)

    tiles = []
    for ty in span(top, height):
        for tx in span(left, width):
            href = template.replace("{z}", str(zoom)).replace("{x}", str(tx)).replace("{y}", str(ty))
            x, y = edge(tx, left), edge(ty, top)
            tiles.append(Tile(href, x, y, round(edge(tx + 1, left) - x, 2), round(edge(ty + 1, top) - y, 2)))
    return tuple(tiles)
