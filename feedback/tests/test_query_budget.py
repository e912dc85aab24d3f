"""Published feedback and the feedback API are built in a bounded number of queries, whatever the data."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.tests.query_budget import assert_flat, use_database_cache
from feedback.models import FeedbackRecord
from priorities.models import Priority
from priorities.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def _record(ward, **places):
    subject = PriorityFactory(ward=ward, status=Priority.Status.CLOSED, closed_on=timezone.localdate())
    record = FeedbackRecord.objects.create(
        content_type=ContentType.objects.get_for_model(Priority),
        object_id=str(subject.pk),
        title=f"Feedback on {subject.issue}",
        asked="What should we do?",
        said="More patrols.",
        did="Patrols twice a week.",
        did_published_at=timezone.now(),
    )
    record.wards.set(places.get("wards", []))
    record.boroughs.set(places.get("boroughs", []))
    return record


def test_feedback_pages_and_api_take_the_same_few_queries_however_many_records(client, ward):
    first = _record(ward, wards=[ward], boroughs=[ward.borough])

    def grow():
        for _ in range(4):
            _record(ward, wards=[ward])
            _record(ward, boroughs=[ward.borough])

    urls = [f"/feedback/{first.pk}/", "/api/v1/feedback/", f"/api/v1/feedback/{first.pk}"]
    assert_flat(client, urls, grow)
