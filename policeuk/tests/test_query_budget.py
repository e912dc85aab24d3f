"""Each police.uk call is answered in a few queries, however many team members, events and priorities."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import Activity
from activities.tests.factories import record
from core.tests.query_budget import assert_flat, use_database_cache
from organisations.models import Role
from priorities.models import Review
from priorities.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db

BASE = "/api/police-uk"


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def test_police_uk_calls_take_the_same_few_queries_however_much_data(client, ward, ward_team, make_staff):
    def grow() -> None:
        for n in range(3):
            member = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
            member.posts.update(listed_publicly=True, job_title="PC", public_bio=f"Bio {n}")
            activity = record(wards=[ward], title=f"Surgery {n}", starts_at=timezone.now() + timedelta(days=n + 1))
            Activity.objects.filter(pk=activity.pk).update(consultation_pending=False)
            priority = PriorityFactory(ward=ward)
            Review.objects.create(
                priority=priority, reviewed_on=timezone.localdate(), done="Patrols.", outcome=Review.Outcome.CONTINUED
            )

    grow()
    paths = ["", "/people", "/events", "/priorities", "/boundary"]
    urls = [f"{BASE}/metropolitan/{ward.code}{p}" for p in paths] + [
        f"{BASE}/metropolitan/neighbourhoods",
        f"{BASE}/forces/metropolitan",
        f"{BASE}/locate-neighbourhood?q=51.4393,-0.0086",
    ]
    assert_flat(client, urls, grow)
