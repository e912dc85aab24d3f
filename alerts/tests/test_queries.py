import pytest

from alerts import queries
from alerts.models import Interest, Subscriber, interests_mask
from alerts.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_ward_subscriber_matches_ward(ward, other_ward):
    s = SubscriberFactory(wards=[ward])
    assert list(queries.subscribers_for(wards=[ward])) == [s]
    assert not queries.subscribers_for(wards=[other_ward]).exists()


def test_borough_and_london_subscriptions_match_a_ward(ward, lewisham):
    b = SubscriberFactory(boroughs=[lewisham])
    london = SubscriberFactory(london=True)
    assert set(queries.subscribers_for(wards=[ward])) == {b, london}


def test_borough_message_reaches_its_wards_subscribers(ward, lewisham, other_ward):
    inside = SubscriberFactory(wards=[ward])
    SubscriberFactory(wards=[other_ward])
    assert list(queries.subscribers_for(boroughs=[lewisham])) == [inside]


def test_london_message_reaches_everyone(ward, other_ward):
    SubscriberFactory(wards=[ward])
    SubscriberFactory(wards=[other_ward])
    assert queries.subscribers_for(london=True).count() == 2


def test_interests_filter(ward):
    road = SubscriberFactory(wards=[ward], interests=interests_mask([Interest.ROAD_SAFETY]))
    SubscriberFactory(wards=[ward], interests=interests_mask([Interest.CRIME]))
    assert list(queries.subscribers_for(wards=[ward], interests=[Interest.ROAD_SAFETY])) == [road]


def test_unconfirmed_and_departed_subscribers_are_excluded(ward):
    SubscriberFactory(wards=[ward], email_confirmed_at=None, status=Subscriber.Status.PENDING)
    SubscriberFactory(wards=[ward], status=Subscriber.Status.LEFT)
    assert not queries.subscribers_for(wards=[ward]).exists()


def test_no_place_means_nobody(ward):
    SubscriberFactory(wards=[ward])
    assert not queries.subscribers_for().exists()
