"""The London page's and borough pages' maps: drawn on the server, each area a named link, with a text alternative."""

import re

import pytest

from places import maps

pytestmark = pytest.mark.django_db


def _areas(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="eh-map__area" href="([^"]+)" aria-label="([^"]+)"', html)


def test_the_london_page_maps_every_borough_by_population_with_a_table(client, london):
    html = client.get("/").content.decode()
    areas = _areas(html)
    assert len(areas) == 33
    assert any(
        href == "/boroughs/E09000023/" and name.startswith("Lewisham: ") and name.endswith(" people")
        for href, name in areas
    )
    assert "London&#x27;s boroughs by population (Census 2021)</caption>" in html  # the table alternative
    assert html.count('<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/boroughs/') == 33


def test_a_borough_page_shows_where_it_is_and_lists_its_wards(client, lambeth):
    html = client.get(f"/boroughs/{lambeth.code}/").content.decode()
    assert f"Where {lambeth.name} is in London" in html
    assert (f"/boroughs/{lambeth.code}/", f"{lambeth.name}: {lambeth.name}") in _areas(html)
    assert "Ward boundaries changed in May 2022" in html
    assert html.count('<a class="govuk-link" href="/wards/') == lambeth.wards.count()


def test_the_city_of_london_page_maps_its_25_wards(client, london):
    html = client.get("/boroughs/E09000001/").content.decode()
    areas = _areas(html)
    assert len(areas) == 25 and all(href.startswith("/wards/E05") for href, _ in areas)
    assert ("Castle Baynard: ward") in {name for _, name in areas}


def test_ward_maps_are_drawn_only_where_current_boundaries_are_known():
    assert maps.ward_outlines(("E05009288",)) is not None  # Aldersgate, City of London: unchanged in 2022
    assert maps.ward_outlines(("E05014053",)) is None  # a 2022 ward of Barking and Dagenham
    assert maps.ward_outlines(()) is None
