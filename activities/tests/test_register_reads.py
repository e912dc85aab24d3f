"""Who sees what and the date filter, read as unions of indexed reads: the same answers as the rules say."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import queries, services
from activities.models import Activity
from activities.tests.factories import CommunityFactory, record
from organisations.models import Role

pytestmark = pytest.mark.django_db


def test_an_activity_for_a_community_tied_to_no_place_is_seen_everywhere_until_it_is_given_a_ward(
    make_staff, ward, other_ward
):
    reader = make_staff(Role.BOROUGH_CHAMPION, boroughs=(other_ward.borough,))
    for_community = record(communities=[CommunityFactory()])
    assert Activity.objects.get(pk=for_community.pk).placeless
    assert list(queries.visible_activities(reader)) == [for_community]
    services.update_activity(activity=for_community, by=None, data={"wards": [ward]}, check_scope=False)
    assert not Activity.objects.get(pk=for_community.pk).placeless
    assert not queries.visible_activities(reader).exists()
    services.update_activity(activity=for_community, by=None, data={"wards": []}, check_scope=False)
    services.change_status(
        activity=for_community, by=None, status="cancelled", cancelled_reason="Rain", check_scope=False
    )
    assert list(queries.visible_activities(reader)) == [for_community]  # no footprint, still seen


def test_a_ward_activity_is_not_placeless(ward):
    assert not record(wards=[ward]).placeless


def test_the_date_filter_finds_long_occurrences_and_later_occurrences_of_a_series(ward):
    start = timezone.localtime(timezone.now() + timedelta(days=60)).replace(hour=19, minute=0, second=0, microsecond=0)
    day = start.date()
    survey = record(
        wards=[ward], method="survey", starts_at=start - timedelta(days=40), ends_at=start + timedelta(days=1)
    )
    series = record(
        wards=[ward],
        starts_at=start - timedelta(days=21),
        recurrence="weekly",
        repeat_until=day + timedelta(days=30),
    )
    record(wards=[ward], starts_at=start - timedelta(days=9))  # ended a week before the span
    later = record(wards=[ward], starts_at=start + timedelta(days=2))
    found = queries.apply_filters(Activity.objects.all(), queries.Filters(date_from=day, date_to=day))
    assert set(found) == {survey, series}
    found = queries.apply_filters(Activity.objects.all(), queries.Filters(date_from=day))
    assert set(found) == {survey, series, later}
