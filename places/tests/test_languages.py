"""Why a postcode finds nothing, and what a search result is, in the page's language (issue 19)."""

import pytest
from django.core.cache import cache

from places.models import Postcode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]
    cache.clear()


def test_an_unknown_postcode_is_explained_in_polish(client, london):
    response = client.get("/pl/find/", {"postcode": "SE13 9ZZ"})
    html = response.content.decode()
    assert response.status_code == 404
    assert "SE13 9ZZ" in html and "We do not have" not in html and "in our postcode list" not in html


def test_a_postcode_outside_london_is_explained_in_arabic(client, london):
    response = client.get("/ar/find/", {"postcode": "M1 1AE"})
    html = response.content.decode()
    assert response.status_code == 400 and "M1 1AE" in html and "is not in London" not in html


def test_a_retired_postcode_gives_its_month_and_new_ward_in_polish(client, london):
    old = Postcode.objects.filter(terminated=True, terminated_on__isnull=False, ward__isnull=False).first()
    html = client.get("/pl/find/", {"postcode": old.display}).content.decode()
    assert old.display in html and old.ward.name in html
    assert "was retired" not in html and "Its area is now in" not in html
    english = client.get("/find/", {"postcode": old.display}).content.decode()
    assert f"{old.display} was retired in {old.terminated_on:%B %Y}, so it is no longer in use." in english
    assert f"Its area is now in {old.ward.name} ward, {old.ward.borough.name}." in english


def test_search_results_say_what_each_place_is_in_polish(client, london):
    html = client.get("/pl/find/", {"place": "Brixton"}).content.decode()
    assert "Brixton North" in html and "Ward in Lambeth" not in html
    assert "Ward in Lambeth" in client.get("/find/", {"place": "Brixton"}).content.decode()
