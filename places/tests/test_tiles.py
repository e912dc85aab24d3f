"""Optional map tiles: Web Mercator tile maths, the tiles and credit in the SVG, and the CSP naming the tile host."""

import os
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from places import maps, tiles
from places.models import Ward

TEMPLATE = "https://tiles.example/{z}/{x}/{y}.png"
CREDIT = "© Example Maps <contributors>"
SETTINGS_FILE = Path(django_settings.BASE_DIR) / "engagehub" / "settings.py"


def test_a_known_point_falls_in_its_known_tile():
    assert tiles.tile_of(51.5074, -0.1278, 10) == (511, 340)  # Charing Cross
    assert tiles.tile_of(51.5074, -0.1278, 0) == (0, 0)
    assert tiles.tile_of(-33.8568, 151.2153, 12) == (3768, 2457)  # Sydney Opera House
    assert tiles.mercator(0, 0) == (0.5, 0.5)


def test_the_zoom_gives_at_least_a_tile_pixel_per_map_unit():
    assert tiles.zoom_for(256) == 0
    assert tiles.zoom_for(257) == 1
    assert tiles.zoom_for(256 * 2**30) == tiles.MAX_ZOOM


def test_the_grid_covers_the_map_edge_to_edge_without_gaps():
    left, top = tiles.mercator(-0.52, 51.7)
    grid = tiles.grid(TEMPLATE, left=left, top=top, scale=300_000, width=600, height=450)
    assert {t.href.split("/")[3] for t in grid} == {"11"}
    xs = sorted({t.x for t in grid})
    ys = sorted({t.y for t in grid})
    assert xs[0] <= 0 and ys[0] <= 0
    assert max(t.x + t.width for t in grid) >= 600 and max(t.y + t.height for t in grid) >= 450
    row = sorted((t for t in grid if t.y == ys[0]), key=lambda t: t.x)
    assert all(round(a.x + a.width, 2) == b.x for a, b in zip(row, row[1:], strict=False))
    assert len(grid) == len(xs) * len(ys)


def test_a_tile_template_must_be_a_web_address_with_its_placeholders():
    assert tiles.origin(TEMPLATE) == "https://tiles.example"
    assert tiles.origin("http://127.0.0.1:8080/t/{z}/{x}/{y}.png") == "http://127.0.0.1:8080"
    for bad in ("ftp://tiles.example/{z}/{x}/{y}.png", "https://tiles.example/{z}/{x}.png", "/{z}/{x}/{y}.png"):
        with pytest.raises(ValueError):
            tiles.origin(bad)


def test_maps_have_no_tiles_by_default(client, london):
    html = client.get("/").content.decode()
    assert "<image" not in html and "Map tiles:" not in html
    assert "tiles.example" not in client.get("/")["Content-Security-Policy"]


def test_with_tiles_set_the_london_map_draws_them_under_the_shapes_with_the_credit(client, london, settings):
    settings.MAP_TILES_URL = TEMPLATE
    settings.MAP_TILES_ATTRIBUTION = CREDIT
    html = client.get("/").content.decode()
    images = re.findall(r'<image href="https://tiles\.example/(\d+)/(\d+)/(\d+)\.png"', html)
    assert images and {z for z, _x, _y in images} == {"10"}  # about a tile pixel per map unit across London
    assert ("10", "511", "340") in images  # the tile holding Charing Cross
    assert html.index("<image") < html.index('class="eh-map__area"')  # under the boroughs
    assert 'fill-opacity="0.6"' in html
    assert "Map tiles: © Example Maps &lt;contributors&gt;</p>" in html


def test_the_city_ward_map_draws_tiles_too(client, london, settings):
    settings.MAP_TILES_URL = TEMPLATE
    settings.MAP_TILES_ATTRIBUTION = CREDIT
    m = maps.ward_map("w", title="Wards", wards=_city_wards(), link=lambda w: "/")
    assert m is not None and m.tiles and all(t.href.startswith("https://tiles.example/15/") for t in m.tiles)


def _city_wards() -> list[Ward]:
    return list(Ward.objects.filter(borough__code="E09000001"))


def _settings_with(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SECRET_KEY", os.environ.get("SECRET_KEY") or "x")
    return runpy.run_path(str(SETTINGS_FILE))


def test_the_csp_names_the_tile_host_for_images_only_when_tiles_are_set(client, london, settings, monkeypatch):
    off = _settings_with(monkeypatch, MAP_TILES_URL="", MAP_TILES_ATTRIBUTION="")
    assert off["CONTENT_SECURITY_POLICY"] == django_settings.CONTENT_SECURITY_POLICY
    on = _settings_with(monkeypatch, MAP_TILES_URL=TEMPLATE, MAP_TILES_ATTRIBUTION=CREDIT)
    settings.CONTENT_SECURITY_POLICY = on["CONTENT_SECURITY_POLICY"]
    settings.MAP_TILES_URL, settings.MAP_TILES_ATTRIBUTION = on["MAP_TILES_URL"], on["MAP_TILES_ATTRIBUTION"]
    directives = {part.split()[0]: part.split()[1:] for part in client.get("/")["Content-Security-Policy"].split("; ")}
    assert "https://tiles.example" in directives["img-src"]
    assert all("https://tiles.example" not in v for k, v in directives.items() if k != "img-src")


def test_tiles_without_a_credit_or_with_a_bad_template_stop_the_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="MAP_TILES_ATTRIBUTION"):
        _settings_with(monkeypatch, MAP_TILES_URL=TEMPLATE, MAP_TILES_ATTRIBUTION="")
    with pytest.raises(ImproperlyConfigured, match=r"\{z\}"):
        _settings_with(monkeypatch, MAP_TILES_URL="https://tiles.example/t.png", MAP_TILES_ATTRIBUTION=CREDIT)
