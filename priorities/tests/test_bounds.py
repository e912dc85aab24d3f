"""A point that is not a number is refused with a reason, never a server error."""

import pytest

from core.errors import ServiceError
from priorities.services import resolve_place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lat", "lon"), [("NaN", "0"), ("51.5", "NaN"), ("Infinity", "-0.1"), ("1e300", "1e300")])
def test_a_point_that_is_not_a_place_is_refused(ward, lat, lon):
    with pytest.raises(ServiceError) as raised:
        resolve_place(ward=ward, latitude=lat, longitude=lon)
    assert raised.value.field == "latitude"
