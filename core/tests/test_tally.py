"""Numbers from several querysets counted in one query (`core.tally`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Notification
from core.tally import CountOf, count, count_in
from organisations.models import Role

pytestmark = pytest.mark.django_db


def test_every_count_is_read_in_one_query(make_staff):
    user = make_staff(Role.NEIGHBOURHOOD_OFFICER)
    for n in range(4):
        Notification.objects.create(user=user, message=f"Notice {n}", read_at=None if n % 2 else user.date_joined)
    mine = Notification.objects.filter(user=user)
    with CaptureQueriesContext(connection) as ctx:
        found = count([CountOf(mine), CountOf(mine.filter(read_at__isnull=True)), CountOf(mine[:3])])
    assert found == [4, 2, 3]
    assert len(ctx) == 1


def test_a_queryset_that_can_hold_nothing_costs_no_query():
    with CaptureQueriesContext(connection) as ctx:
        found = count([CountOf(Notification.objects.filter(pk__in=[]))])
    assert found == [0]
    assert len(ctx) == 0


def test_the_counts_replace_their_place_in_each_context(make_staff):
    user = make_staff(Role.NEIGHBOURHOOD_OFFICER)
    Notification.objects.create(user=user, message="Notice")
    cards = [{"unread": CountOf(Notification.objects.filter(user=user)), "title": "Notices"}, {"none": 0}]
    count_in(cards)
    assert cards == [{"unread": 1, "title": "Notices"}, {"none": 0}]
