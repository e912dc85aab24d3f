"""Feedback given on time, per borough, for the board's view."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from feedback.models import FeedbackRecord
from feedback.queries import on_time_by_borough

pytestmark = pytest.mark.django_db


def _record(n: int, due: object, published: object = None) -> FeedbackRecord:
    ct = ContentType.objects.get_for_model(FeedbackRecord)
    return FeedbackRecord.objects.create(
        content_type=ct, object_id=str(n), title=f"Record {n}", due_at=due, did_published_at=published
    )


def test_on_time_late_and_owed(lewisham, lambeth, ward):  # type: ignore[no-untyped-def]
    now = timezone.now()
    due = now - timedelta(days=10)
    _record(1, due, due - timedelta(days=1)).wards.add(ward)
    _record(2, due, due + timedelta(days=1)).boroughs.add(lewisham)
    _record(3, due).boroughs.add(lewisham, lambeth)
    _record(4, now - timedelta(days=400)).boroughs.add(lewisham)  # due before the period
    _record(5, None, now - timedelta(days=2)).boroughs.add(lambeth)  # no due date, published in the period
    rows = on_time_by_borough(now - timedelta(days=30), now, now)
    assert rows[lewisham.pk] == {"due": 3, "on_time": 1, "late": 1, "owed": 1, "published": 2}
    assert rows[lambeth.pk] == {"due": 1, "on_time": 0, "late": 0, "owed": 1, "published": 1}
