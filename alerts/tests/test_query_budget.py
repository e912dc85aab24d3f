"""The public alerts pages are built in a bounded number of queries, whatever the data."""

import pytest

from alerts.tests.factories import MessageFactory, SubscriberFactory
from core.tests.query_budget import assert_flat, use_database_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def test_sign_up_and_contact_pages_take_the_same_few_queries_however_many_subscribers(client, ward):
    def grow():
        for _ in range(5):
            SubscriberFactory(wards=[ward])
            SubscriberFactory(boroughs=[ward.borough])
            MessageFactory(wards=[ward])

    grow()
    urls = ["/alerts/subscribe/", f"/alerts/subscribe/?ward={ward.pk}", "/alerts/contact/", "/alerts/manage/"]
    assert_flat(client, urls, grow)
