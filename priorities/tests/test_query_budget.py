"""Public priorities pages and the priorities API are built in a bounded number of queries, whatever the data."""

import datetime

import pytest
from django.utils import timezone

from core.tests.query_budget import assert_flat, use_database_cache
from priorities.models import PanelRound, Priority, Review
from priorities.tests.factories import IssueFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def _add_round(ward):
    """Priorities (current and past, with reviews), issues, and online panel rounds (one open, one closed)."""
    today = timezone.localdate()
    now = timezone.now()
    for status in (Priority.Status.CURRENT, Priority.Status.CLOSED, Priority.Status.REPLACED):
        priority = PriorityFactory(ward=ward, status=status, closed_on=None if status == "current" else today)
        Review.objects.create(priority=priority, reviewed_on=today, done="Patrols.", outcome=Review.Outcome.CONTINUED)
    IssueFactory(ward=ward)
    options = list(Priority.objects.filter(ward=ward)[:3])
    for opens, closes in ((-10, -3), (-1, 5)):
        panel_round = PanelRound.objects.create(
            ward=ward,
            title="Next priority",
            opens_at=now + datetime.timedelta(days=opens),
            closes_at=now + datetime.timedelta(days=closes),
        )
        panel_round.options.set(options)


def test_priorities_pages_and_api_take_the_same_few_queries_however_many_priorities(client, ward):
    for _ in range(3):  # three closed rounds: the panel page shows the results of the last three
        _add_round(ward)
    urls = [
        f"/priorities/wards/{ward.code}/",
        f"/priorities/wards/{ward.code}/panel/",
        "/priorities/raise/",
        f"/priorities/raise/?ward={ward.code}",
        "/priorities/status/",
        "/api/v1/priorities/",
        f"/api/v1/priorities/?ward={ward.code}",
        f"/api/v1/priorities/wards/{ward.code}/police-uk",
        "/api/v1/boroughs",
        "/api/v1/wards",
        f"/api/v1/wards/{ward.code}",
        f"/api/v1/boroughs/{ward.borough.code}",
    ]

    def grow():
        for _ in range(3):
            _add_round(ward)

    assert_flat(client, urls, grow)
