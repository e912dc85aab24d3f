"""The public site's maps: London's boroughs by population (the London page), where a borough is in London, and
a borough's wards where their current boundaries are known (places.maps draws them all)."""

from django.urls import reverse

from places import maps, reference
from places.models import Borough

POPULATION_BANDS = [
    maps.Band("under 200,000 people", 0),
    maps.Band("200,000 to 299,999 people", 200_000),
    maps.Band("300,000 or more people", 300_000),
]


def _borough_link(code: str) -> str:
    return reverse("website:borough", args=[code])


def london_map() -> maps.BoroughMap:
    """The 33 boroughs shaded by their Census 2021 population, each a link to its page."""
    boroughs = reference.borough_list()
    values = {b.code: float(b.population) for b in boroughs if b.population}
    return maps.borough_map(
        "london-map",
        title="London's boroughs by population (Census 2021)",
        measure="usual residents (Census 2021)",
        values=values,
        bands=POPULATION_BANDS,
        labels={b.code: f"{b.population:,} people" for b in boroughs if b.population},
        link=_borough_link,
    )


def locator_map(borough: Borough) -> maps.BoroughMap:
    """London's boroughs with this one marked, each a link to its page."""
    others = "another borough"
    return maps.borough_map(
        f"where-{borough.code.lower()}",
        title=f"Where {borough.name} is in London",
        measure="on the map",
        values={b.code: float(b.code == borough.code) for b in reference.borough_list()},
        bands=[maps.Band(others, 0), maps.Band(borough.name, 1)],
        labels={b.code: borough.name if b.code == borough.code else others for b in reference.borough_list()},
        link=_borough_link,
    )


def ward_map(borough: Borough) -> maps.BoroughMap | None:
    """The borough's wards as a map, when every one has its current boundary (today: the City of London)."""
    return maps.ward_map(
        f"wards-{borough.code.lower()}",
        title=f"Wards in {borough.name}",
        wards=reference.wards_of(borough),
        link=lambda ward: ward.get_absolute_url(),
    )
