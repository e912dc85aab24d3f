"""The engagement register's pages are built in a bounded number of queries, whatever the data (issue 14)."""

import datetime

import pytest
from django.utils import timezone

from activities.tests.factories import CommunityFactory, record
from core.tests.query_budget import assert_flat, use_database_cache
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def _add_round(ward, ward_team):
    """Activities in the ward, its borough, London-wide and for a community, past and to come, by the ward's team
    and by another unit working with it."""
    now = timezone.now()
    partner = UnitFactory()
    community = CommunityFactory()
    for days, places in (
        (3, {"wards": [ward]}),
        (-20, {"wards": [ward], "boroughs": [ward.borough]}),
        (10, {"boroughs": [ward.borough]}),
        (12, {"london_wide": True}),
        (5, {"wards": [ward], "communities": [community]}),
    ):
        record(
            organising_unit=ward_team,
            partners=[partner],
            is_public=True,
            starts_at=now + datetime.timedelta(days=days),
            **places,
        )


def _grow(ward, ward_team):
    def grow():
        for _ in range(4):
            _add_round(ward, ward_team)

    return grow


def test_the_register_and_its_calendar_take_the_same_few_queries_however_many_activities(
    client, officer, ward, ward_team
):
    _add_round(ward, ward_team)
    client.force_login(officer)
    today = timezone.localdate()
    urls = [
        "/activities/",
        "/activities/?counts=0",
        f"/activities/?borough={ward.borough.code}&unit={ward_team.slug}",
        f"/activities/?ward={ward.code}",
        f"/activities/?borough={ward.borough.code}",
        f"/activities/?unit={ward_team.slug}",
        "/activities/?q=activity",
        "/activities/?method=panel_meeting&status=planned&tier=business_group",
        f"/activities/?date_from={today - datetime.timedelta(days=30)}&date_to={today + datetime.timedelta(days=30)}",
        f"/activities/?borough={ward.borough.code}&method=panel_meeting&date_from={today}",
        "/activities/calendar/",
        f"/activities/calendar/?year={today.year}&month={today.month}&borough={ward.borough.code}",
    ]
    assert_flat(client, urls, _grow(ward, ward_team))


def test_public_activity_pages_feeds_and_api_take_the_same_few_queries(client, ward, ward_team):
    _add_round(ward, ward_team)
    first = record(organising_unit=ward_team, is_public=True, wards=[ward])
    urls = [
        f"/activities/public/{first.pk}/",
        f"/wards/{ward.code}/calendar.ics",
        f"/boroughs/{ward.borough.code}/calendar.ics",
        f"/activities/units/{ward_team.slug}/calendar.ics",
        f"/api/v1/activities/public?ward={ward.code}",
        f"/api/v1/activities/public?borough={ward.borough.code}",
        "/api/v1/activities/communities",
    ]
    assert_flat(client, urls, _grow(ward, ward_team))
