"""Public plan pages and the plans API are built in a bounded number of queries, whatever the data."""

import pytest

from core.tests.query_budget import assert_flat, use_database_cache
from organisations.tests.factories import UnitFactory
from plans.tests.factories import ActionFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def _add_round(plan):
    """A section of the plan with actions led by units, and another plan."""
    section = SectionFactory(plan=plan)
    for _ in range(3):
        action = ActionFactory(plan=plan, section=section)
        action.lead_units.set([UnitFactory()])
    PlanFactory()


def test_plan_pages_and_api_take_the_same_few_queries_however_many_actions(client, plan):
    _add_round(plan)
    urls = ["/plans/", f"/plans/{plan.slug}/", "/api/v1/plans/", f"/api/v1/plans/{plan.slug}"]

    def grow():
        for _ in range(3):
            _add_round(plan)

    assert_flat(client, urls, grow)
