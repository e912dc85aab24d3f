import pytest

from core import pagecache
from core.tests.query_budget import use_database_cache

pytestmark = pytest.mark.django_db


def test_a_warm_ward_page_is_served_without_a_database_query(client, ward, django_assert_num_queries):
    first = client.get(f"/wards/{ward.code}/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(f"/wards/{ward.code.lower()}/")
    assert again.status_code == 200
    assert again.content == first.content


def test_a_warm_borough_page_is_served_without_a_database_query(client, lewisham, django_assert_num_queries):
    first = client.get(f"/boroughs/{lewisham.code}/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(f"/boroughs/{lewisham.code}/")
    assert again.content == first.content


def test_signed_in_visitors_are_not_served_the_cached_page(client, ward, officer, django_assert_max_num_queries):
    client.get(f"/wards/{ward.code}/")
    client.force_login(officer)
    response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 200
    assert b"Sign out" in response.content


@pytest.mark.parametrize("query", ["", "?again"])
def test_a_warm_page_or_one_built_around_kept_content_reads_the_database_cache_once_a_second_at_most(
    client, ward, settings, django_assert_num_queries, query, time_machine
):
    """Served whole, or built around the area's kept content (a query string): within a second of reading the
    page versions the process reads nothing; after it, the versions and what is kept for them come in one read of
    the database cache."""
    use_database_cache(settings)
    time_machine.move_to("2026-06-01 12:00:00+00:00", tick=False)
    url = f"/wards/{ward.code}/"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url + query).status_code == 200
    time_machine.shift(pagecache.VERSION_HOLD_SECONDS + 0.1)
    with django_assert_num_queries(1):
        again = client.get(url + query)
    assert again.status_code == 200
