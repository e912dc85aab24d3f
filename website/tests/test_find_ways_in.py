"""The find page's other ways in: place-name search and "use my location", each working without JavaScript."""

import pytest

from core.tests.query_budget import count_queries, use_database_cache

pytestmark = pytest.mark.django_db


def test_the_find_page_offers_every_way_in(client, london):
    html = client.get("/find/").content.decode()
    for text in (
        "By postcode",
        "By place name",
        "By your location",
        'name="place"',
        'name="latitude"',
        "Use my location",
    ):
        assert text in html
    assert 'govuk-!-display-none" data-location-button' in html  # shown only when script can ask for the location


def test_a_place_search_lists_matches_as_links(client, london):
    response = client.get("/find/", {"place": "brixtn"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "matching “brixtn”" in html
    assert 'href="/wards/' in html and "Brixton North</a>" in html and "Ward in Lambeth" in html


def test_a_place_search_with_no_match_says_so_and_offers_other_ways(client, london):
    html = client.get("/find/", {"place": "qqqzzz"}).content.decode()
    assert "No places match “qqqzzz”" in html and "use your postcode" in html


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("", "Enter the name of a place, ward or borough, like Brixton."),
        ("b", "Enter at least 2 letters of a place name, like Brixton."),
        ("x" * 101, "Enter a place name of 100 characters or fewer."),
    ],
)
def test_bad_place_text_is_a_clear_400(client, london, place, message):
    response = client.get("/find/", {"place": place})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_typed_text_is_shown_as_text(client, london):
    html = client.get("/find/", {"place": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_a_location_in_the_city_goes_to_its_ward(client, london):
    response = client.get("/find/", {"latitude": "51.5138", "longitude": "-0.0984"})
    assert response.status_code == 302 and response["Location"].startswith("/wards/E05")


def test_a_location_elsewhere_names_the_borough_and_the_likely_ward(client, london):
    html = client.get("/find/", {"latitude": "51.5014", "longitude": "-0.1419"}).content.decode()
    assert "Your location is in" in html and "Westminster</a>" in html
    assert "Your ward is probably" in html and "St James&#x27;s</a>" in html


def test_a_location_with_no_likely_ward_offers_the_borough_wards(client, london):
    html = client.get("/find/", {"latitude": "51.5081", "longitude": "-0.0759"}).content.decode()
    assert "Tower Hamlets</a>" in html and "We cannot tell your ward from your location" in html


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"latitude": "51.75", "longitude": "0.35"}, 404, "That location is not in a London borough."),
        ({"latitude": "north", "longitude": "0"}, 400, "Enter a latitude as a number, like 51.4613."),
        ({"latitude": "53.48", "longitude": "-2.24"}, 400, "Enter a latitude in London, between 51.2 and 51.8."),
        ({"latitude": "51.5"}, 400, "Enter a longitude, like -0.1149."),
        ({"latitude": "nan", "longitude": "inf"}, 400, "Enter a latitude"),
    ],
)
def test_bad_or_distant_locations_are_clear_4xx(client, london, params, status, message):
    response = client.get("/find/", params)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize("params", [{"place": "Brixton"}, {"latitude": "51.5014", "longitude": "-0.1419"}])
def test_the_find_page_stays_within_its_query_budget(client, london, settings, params):
    use_database_cache(settings)
    url = "/find/?" + "&".join(f"{k}={v}" for k, v in params.items())
    count, sql = count_queries(client, url)
    assert count <= 10, sql


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"place": "b"}, "Enter at least 2 letters of a place name"),
        ({"place": "x" * 101}, "Enter a place name of 100 characters or fewer."),
        ({"latitude": "north", "longitude": "0"}, "Enter a latitude as a number"),
        ({"latitude": "53.48", "longitude": "-2.24"}, "Enter a latitude in London"),
        ({"latitude": "51.75", "longitude": "0.35"}, "That location is not in a London borough."),
    ],
)
def test_the_find_errors_are_in_the_page_language(client, london, settings, params, message):
    settings.LIVE_LANGUAGES = ["pl"]
    english = client.get("/find/", params)
    polish = client.get("/pl/find/", params)
    assert polish.status_code == english.status_code >= 400
    assert message in english.content.decode() and message not in polish.content.decode()


def test_arabic_keeps_the_minus_of_a_negative_example_on_the_left(client, london, settings):
    settings.LIVE_LANGUAGES = ["ar"]
    html = client.get("/ar/find/", {"latitude": "51.5"}).content.decode()
    assert "\u2066-0.1149\u2069" in html  # an isolate: the number reads left to right inside the Arabic sentence


def test_a_number_copied_with_its_direction_marks_is_read(client, london):
    response = client.get("/find/", {"latitude": "51.5138", "longitude": "\u2066-0.0984\u2069"})
    assert response.status_code == 302 and response["Location"].startswith("/wards/E05")
