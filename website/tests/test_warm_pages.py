import pytest

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
