"""The per-borough figures the board's view reads: activities held in a period, by method, with attendance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.figures import borough_engagement
from activities.models import Activity
from activities.tests.factories import record

pytestmark = pytest.mark.django_db


def test_held_activities_counted_once_per_borough(lewisham, lambeth, ward, other_ward):  # type: ignore[no-untyped-def]
    start = timezone.now() - timedelta(days=30)
    both = record(wards=[ward, *lewisham.wards.exclude(pk=ward.pk)[:2], other_ward], starts_at=start)
    briefing = record(wards=[ward], method=Activity.Method.STREET_BRIEFING, starts_at=start + timedelta(days=1))
    planned = record(wards=[ward], starts_at=start + timedelta(days=2))
    earlier = record(wards=[ward], starts_at=start - timedelta(days=200))
    Activity.objects.filter(pk__in=[both.pk, earlier.pk]).update(status=Activity.Status.HELD, attendance=40)
    Activity.objects.filter(pk=briefing.pk).update(status=Activity.Status.FEEDBACK_GIVEN, attendance=None, reach=300)
    assert planned.status == Activity.Status.PLANNED

    figures = borough_engagement(start - timedelta(days=1), timezone.now())
    mine, theirs = figures[lewisham.pk], figures[lambeth.pk]
    assert (mine.held, mine.attendance, mine.without_attendance, mine.reach) == (2, 40, 1, 300)
    assert mine.by_method == {Activity.Method.PUBLIC_MEETING: 1, Activity.Method.STREET_BRIEFING: 1}
    assert (theirs.held, theirs.attendance) == (1, 40)
