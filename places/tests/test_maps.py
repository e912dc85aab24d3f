"""The borough map component: outlines from the shipped boundaries, bands, accessible names and the table."""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from places import maps
from places.models import Borough


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each table row."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.rows: list[str] = []
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "tr":
            self._row = []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "tr" and self._row is not None:
            self.rows.append(" ".join(" ".join(self._row).split()))
            self._row = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._row is not None:
            self._row.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_every_borough_has_an_outline_projected_and_simplified(london):
    shapes, height = maps.outlines()
    assert len(shapes) == 33
    assert {o.code for o in shapes} == set(Borough.objects.values_list("code", flat=True))
    assert [o.name for o in shapes] == sorted(o.name for o in shapes)
    assert all(re.fullmatch(r"(M[-\d.]+,[-\d.]+l[-\d., ]+z)+", o.path) for o in shapes)
    assert 400 < height < 520  # London is wider than it is tall
    assert sum(len(o.path) for o in shapes) < 40_000  # simplified: ~10,000 points in the file
    assert maps.outlines() is maps.outlines()  # projected once per process


def test_simplify_keeps_the_ends_and_drops_points_within_the_tolerance():
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    assert maps.simplify(line, 0.5) == [(0.0, 0.0), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    assert maps.simplify(line, 10) == [(0.0, 0.0), (4.0, 0.0)]


def test_count_bands_split_the_non_zero_values_into_readable_ranges():
    bands = maps.count_bands([0, 0, 1, 2, 3, 5, 8, 13, 40, 100], noun="activities")
    assert [b.label for b in bands] == ["none", "1 to 2 activities", "3 to 12 activities", "13 or more activities"]
    assert [b.label for b in maps.count_bands([0, 0])] == ["none"]
    assert [b.label for b in maps.count_bands([4, 4, 4])] == ["none", "1 to 3", "4 or more"]


def test_values_fall_in_their_band_and_share_bands_separate_none_from_a_little():
    shapes, _height = maps.outlines()
    codes = [o.code for o in shapes]
    values = {codes[0]: 0, codes[1]: 0.5, codes[2]: 25, codes[3]: 74.9, codes[4]: 100}
    m = maps.borough_map("t", title="T", measure="share", values=values, bands=maps.share_bands())
    bands = {a.code: a.band for a in m.areas}
    assert [bands[c] for c in codes[:6]] == [
        "none",
        "under 25%",
        "25% to under 50%",
        "50% to under 75%",
        "75% or more",
        "no figure",
    ]
    assert len({p.id for p in m.patterns}) == 6  # five bands and "no figure", each its own pattern
    assert len({(p.style.fill, p.style.marks) for p in m.patterns}) == 6  # colour is never the only cue


def test_more_bands_than_patterns_is_refused():
    with pytest.raises(ValueError, match="1 to 5 bands"):
        maps.borough_map("t", title="T", measure="m", values={}, bands=[maps.Band(str(i), i) for i in range(6)])


def test_rendered_map_links_each_borough_with_its_figure_and_a_table_beside(london):
    values = {code: n for n, code in enumerate(Borough.objects.order_by("name").values_list("code", flat=True))}
    m = maps.borough_map(
        "register-map",
        title="Activities per borough",
        measure="activities",
        values=values,
        bands=maps.count_bands(values.values(), noun="activities"),
        labels={code: f"{n} activities" for code, n in values.items()},
        link=lambda code: f"/activities/boroughs/{code}/?status=held",
    )
    html = render_to_string("places/_borough_map.html", {"map": m}) + render_to_string(
        "places/_borough_map_table.html", {"map": m}
    )
    page = _parse(html)
    links = [a for tag, a in page.tags if tag == "a" and "eh-map__area" in a.get("class", "")]
    assert len(links) == 33
    assert {"aria-label": "Lewisham: 22 activities", "href": "/activities/boroughs/E09000023/?status=held"}.items() <= (
        next(a for a in links if a["aria-label"].startswith("Lewisham")).items()
    )
    svg = next(a for tag, a in page.tags if tag == "svg")
    assert svg["role"] == "group" and svg["aria-labelledby"] == "register-map-title"
    assert "viewbox" in svg and svg["width"] == "100%"
    assert '<title id="register-map-title">Activities per borough</title>' in html
    assert not any("style" in a for _tag, a in page.tags)  # the CSP allows no inline style
    assert "<script" not in html
    body_rows = [r for r in page.rows if not r.startswith("Borough ")]
    assert len(body_rows) == 33
    assert "Lewisham 22 activities 22 or more activities" in body_rows
    assert body_rows[0].startswith("Barking and Dagenham 0 activities none")


def test_boroughs_without_a_figure_are_named_but_not_links(london):
    m = maps.borough_map(
        "mine",
        title="Mine",
        measure="wards",
        values={"E09000023": 3},
        bands=maps.count_bands([3]),
        link=lambda code: f"?borough={code}",
        missing="not in your area",
    )
    page = _parse(render_to_string("places/_borough_map.html", {"map": m}))
    links = [a for tag, a in page.tags if tag == "a"]
    assert [a["aria-label"] for a in links] == ["Lewisham: 3"]
    unlinked = [a["aria-label"] for tag, a in page.tags if tag == "g" and a.get("role") == "img"]
    assert len(unlinked) == 32 and "Lambeth: not in your area" in unlinked
    assert [k.label for k in m.key_entries] == ["none", "1 to 2", "3 or more", "not in your area"]
