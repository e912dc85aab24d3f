"""The staff workspace is built in a bounded number of queries, whatever the data (issue 14).

Its cards come from every part of the service: their numbers are counted together in one query (`core.tally`),
places are read from memory (`places.reference`), and only the short lists a card shows cost a query each."""

import datetime

import pytest
from django.utils import timezone

from core.models import Notification
from core.tests.query_budget import MAX_QUERIES, SIGNED_IN_QUERIES, assert_flat, use_database_cache
from organisations.models import Role
from plans.tests.factories import ActionFactory
from website.tests.area_data import add_round

pytestmark = pytest.mark.django_db


def add_attention(user, team):
    """What makes the cards read their short lists: an unread notice, and an overdue action the team leads."""
    Notification.objects.create(user=user, message="A prior consultation is waiting for your team.")
    past = timezone.localdate() - datetime.timedelta(days=30)
    ActionFactory(deadline_kind="date", deadline_start=past, deadline_end=past).lead_units.add(team)


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


# The bound of every signed-in page; the champion's home also has the never-asked card, objections to settle and
# the volunteers' numbers.
@pytest.mark.parametrize("role", [Role.NEIGHBOURHOOD_OFFICER, Role.BOROUGH_CHAMPION])
def test_the_workspace_takes_the_same_queries_however_much_there_is(client, make_staff, ward, ward_team, role):
    user = make_staff(role, unit=ward_team, boroughs=[ward.borough] if role == Role.BOROUGH_CHAMPION else ())
    add_round(ward, ward_team)
    add_attention(user, ward_team)
    client.force_login(user)

    def grow():
        for _ in range(3):
            add_round(ward, ward_team)
            add_attention(user, ward_team)

    assert_flat(client, ["/staff/"], grow, limit=MAX_QUERIES + SIGNED_IN_QUERIES)
