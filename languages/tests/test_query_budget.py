"""A page in another language costs what the English page costs: the same queries, built or served from the cache."""

import pytest

from core.tests.query_budget import count_queries, use_database_cache
from languages import choices
from website.tests.area_data import add_round

EVERY_LANGUAGE = [language.code for language in choices.TRANSLATED]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings):
    use_database_cache(settings)
    settings.LIVE_LANGUAGES = EVERY_LANGUAGE


def test_the_ward_page_in_every_language_takes_the_english_queries(client, ward, ward_team):
    add_round(ward, ward_team)
    for suffix in ("?built", ""):  # as built, and as served from the page cache
        english, _ = count_queries(client, f"/wards/{ward.code}/{suffix}")
        for code in EVERY_LANGUAGE:
            translated, statements = count_queries(client, f"/{code}/wards/{ward.code}/{suffix}")
            assert translated == english, f"{code}{suffix}: {translated} queries, English {english}\n{statements}"


def test_each_language_has_its_own_cached_page(client, ward, ward_team):
    add_round(ward, ward_team)
    assert 'lang="en-gb"' in client.get(f"/wards/{ward.code}/").content.decode()
    assert 'lang="pl"' in client.get(f"/pl/wards/{ward.code}/").content.decode()
    assert 'lang="ar"' in client.get(f"/ar/wards/{ward.code}/").content.decode()
    assert 'lang="en-gb"' in client.get(f"/wards/{ward.code}/").content.decode()
