"""The staff workspace is built in a bounded number of queries, whatever the data (issue 14).

Its cards come from every part of the service (one or more queries each): today it takes more than the ten
queries issue 14 asks of the main staff pages. These tests hold it flat in the data and at no more than it takes
now, so that the count cannot grow while the cards are brought together."""

import pytest

from core.tests.query_budget import assert_flat, use_database_cache
from organisations.models import Role
from website.tests.area_data import add_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


# One or two queries a card: the ward plans card (2) joined the officer's home; the champion's also has the
# volunteers, funding and tension cards. What matters is that none grows with the data.
@pytest.mark.parametrize(("role", "ceiling"), [(Role.NEIGHBOURHOOD_OFFICER, 23), (Role.BOROUGH_CHAMPION, 32)])
def test_the_workspace_takes_the_same_queries_however_much_there_is(client, make_staff, ward, ward_team, role, ceiling):
    user = make_staff(role, unit=ward_team, boroughs=[ward.borough] if role == Role.BOROUGH_CHAMPION else ())
    add_round(ward, ward_team)
    client.force_login(user)

    def grow():
        for _ in range(3):
            add_round(ward, ward_team)

    assert_flat(client, ["/staff/"], grow, limit=ceiling)
