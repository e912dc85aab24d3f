"""Point in polygon, and "use my location": known places in London fall in the right borough and ward."""

import pytest

from places.geometry import boroughs, in_ring, locate, shape_at, wards_2014
from places.models import Postcode, Ward

SQUARE = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]


@pytest.mark.parametrize(
    ("point", "inside"),
    [((2, 2), True), ((0.5, 3.9), True), ((5, 2), False), ((-1, 2), False), ((2, 4.5), False), ((2, -0.1), False)],
)
def test_ray_casting_on_a_square(point, inside):
    assert in_ring(point[0], point[1], SQUARE) is inside


def test_a_concave_ring_and_a_hole():
    u_shape = [(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)]
    assert in_ring(0.5, 2, u_shape) and in_ring(2.5, 2, u_shape) and not in_ring(1.5, 2, u_shape)


@pytest.mark.parametrize(
    ("lat", "lon", "borough"),
    [
        (51.5014, -0.1419, "Westminster"),  # Buckingham Palace
        (51.5081, -0.0759, "Tower Hamlets"),  # Tower of London
        (51.4700, -0.4543, "Hillingdon"),  # Heathrow
        (51.5560, -0.2796, "Brent"),  # Wembley Stadium
        (51.4613, -0.1149, "Lambeth"),  # Brixton
        (51.5138, -0.0984, "City of London"),  # St Paul's Cathedral
    ],
)
def test_known_points_fall_in_their_borough(lat, lon, borough):
    assert shape_at(boroughs(), lon, lat).name == borough


def test_points_outside_london_are_in_no_borough():
    assert shape_at(boroughs(), 0.35, 51.75) is None  # near Chelmsford
    assert shape_at(boroughs(), -0.75, 51.50) is None  # Windsor


def test_every_2014_ward_has_a_borough_and_a_shape():
    assert len(wards_2014()) == 649
    assert all(w.parent.startswith("E09") and w.polygons for w in wards_2014())


@pytest.mark.django_db
def test_a_city_point_finds_its_ward_exactly(london):
    found = locate(51.5138, -0.0984)
    assert found.borough.name == "City of London" and found.exact
    assert found.ward.name == "Castle Baynard"


@pytest.mark.django_db
def test_elsewhere_the_ward_is_the_likely_one_from_its_2014_name(london):
    found = locate(51.5014, -0.1419)
    assert (found.borough.name, found.ward.name, found.exact) == ("Westminster", "St James's", False)
    assert "2022" in found.how


@pytest.mark.django_db
def test_the_nearest_loaded_postcode_gives_the_2022_ward(london):
    brixton = Ward.objects.get(name="Brixton Windrush")
    Postcode.objects.create(
        postcode="SW29ZZ", display="SW2 9ZZ", ward=brixton, borough=brixton.borough, latitude=51.4614, longitude=-0.1150
    )
    found = locate(51.4613, -0.1149)
    assert (found.ward, found.exact, found.how) == (brixton, False, "from the nearest postcode")


@pytest.mark.django_db
def test_outside_london_nothing_is_found(london):
    found = locate(51.75, 0.35)
    assert (found.borough, found.ward) == (None, None)
