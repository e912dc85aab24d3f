"""Place-name search: wards, boroughs and well-known places, forgiving typing slips, from memory."""

import pytest

from places.search import WELL_KNOWN, normalise, score, search

pytestmark = pytest.mark.django_db


def _names(text: str) -> list[str]:
    return [r.name for r in search(text)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Brixton", "Brixton Windrush"),
        ("brixtn", "Brixton North"),
        ("lewsham", "Lewisham"),
        ("Shepherds Bush", "Shepherd's Bush Green"),
        ("kings cross", "King's Cross"),
        ("peckam", "Peckham"),
        ("wimbeldon", "Wimbledon Park"),
        ("Canary Wharf", "Canary Wharf"),
        ("saint pauls", "St Paul's Cathedral"),
        ("CROYDON", "Croydon"),
    ],
)
def test_names_are_found_despite_slips(london, typed, expected):
    assert expected in _names(typed)


def test_a_well_known_place_leads_to_its_borough(london):
    soho = search("Soho")[0]
    assert (soho.name, soho.kind, soho.where, soho.href) == ("Soho", "Place", "Westminster", "/boroughs/E09000033/")


def test_a_ward_leads_to_its_page_and_names_its_borough(london):
    result = next(r for r in search("Catford South") if r.kind == "Ward")
    assert result.description == "Ward in Lewisham" and result.href.startswith("/wards/E05")


def test_exact_matches_come_before_near_misses(london):
    results = search("Catford")
    assert results[0].name == "Catford South" and results[0].score > results[1].score


def test_nothing_like_a_place_finds_nothing_and_short_or_long_text_is_safe(london):
    assert search("zzzz qqqq") == []
    assert search("a") == []
    assert search("x" * 10_000) == []
    assert search("<script>") == []


def test_every_well_known_place_is_in_a_loaded_borough(london):
    found = {r.name for name in WELL_KNOWN for r in search(name)}
    assert set(WELL_KNOWN) - found == set()


def test_search_costs_no_query(london, django_assert_num_queries):
    search("Brixton")
    with django_assert_num_queries(0):
        search("Peckham Rye")


def test_normalising_and_scoring():
    assert normalise("St. Paul’s & Saint Mary's Café") == "st pauls and st marys cafe"
    assert score("brixton", "brixton") == 1.0
    assert score("brixton", "brixton north") > score("brixtn", "brixton north") > score("zzz", "brixton north")
