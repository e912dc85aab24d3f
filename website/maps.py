"""The public site's maps: London's boroughs by population (the London page), where a borough is in London, and
a borough's wards where their current boundaries are known (places.maps draws them all)."""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from places import maps, reference
from places.models import Borough


def _number(value: int) -> str:
    """A whole number grouped as the page's language writes it ("218,869" in English, "218 869" in Polish)."""
    return number_format(value, 0, force_grouping=True)


def population_bands() -> list[maps.Band]:
    """The London map's bands, in the page's language."""
    return [
        maps.Band(_("under %(number)s people") % {"number": _number(200_000)}, 0),
        maps.Band(
            _("%(low)s to %(high)s people") % {"low": _number(200_000), "high": _number(299_999)},
            200_000,
        ),
        maps.Band(_("%(number)s or more people") % {"number": _number(300_000)}, 300_000),
    ]


def people(count: int) -> str:
    return ngettext("%(number)s person", "%(number)s people", count) % {"number": _number(count)}


def _borough_link(code: str) -> str:
    return reverse("website:borough", args=[code])


def london_map() -> maps.BoroughMap:
    """The 33 boroughs shaded by their Census 2021 population, each a link to its page."""
    boroughs = reference.borough_list()
    values = {b.code: float(b.population) for b in boroughs if b.population}
    return maps.borough_map(
        "london-map",
        title=_("London's boroughs by population (Census 2021)"),
        measure=_("usual residents (Census 2021)"),
        values=values,
        bands=population_bands(),
        labels={b.code: people(b.population) for b in boroughs if b.population},
        link=_borough_link,
    )


def locator_map(borough: Borough) -> maps.BoroughMap:
    """London's boroughs with this one marked, each a link to its page."""
    others = _("another borough")
    return maps.borough_map(
        f"where-{borough.code.lower()}",
        title=_("Where %(borough)s is in London") % {"borough": borough.name},
        measure=_("on the map"),
        values={b.code: float(b.code == borough.code) for b in reference.borough_list()},
        bands=[maps.Band(others, 0), maps.Band(borough.name, 1)],
        labels={b.code: borough.name if b.code == borough.code else others for b in reference.borough_list()},
        link=_borough_link,
    )


def ward_map(borough: Borough) -> maps.BoroughMap | None:
    """The borough's wards as a map, when every one has its current boundary (today: the City of London)."""
    return maps.ward_map(
        f"wards-{borough.code.lower()}",
        title=_("Wards in %(borough)s") % {"borough": borough.name},
        wards=reference.wards_of(borough),
        link=lambda ward: ward.get_absolute_url(),
    )
