"""The library, the public Top 10 and the plans overview take the same few queries however much data they hold."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from activities.tests.factories import CommunityFactory
from core.tests.query_budget import assert_flat, use_database_cache
from practice.models import CaseStudy, PlanCommunity, PlanReview, PlanTarget, TopTen, TopTenEntry, WardPlan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings: Any) -> None:
    use_database_cache(settings)


def _cases(n: int, top_ten: TopTen) -> None:
    start = top_ten.entries.count()
    for i in range(n):
        case = CaseStudy.objects.create(
            title=f"Case {start + i}",
            method="street_briefing",
            topic="asb",
            unit_name="A team",
            held_on=top_ten.starts_on,
            what="w",
            why="w",
            who_took_part="w",
            outcome="w",
            cost=Decimal(10),
            reach=10,
            status=CaseStudy.Status.ACCEPTED,
        )
        if start + i < 10:
            TopTenEntry.objects.create(
                top_ten=top_ten, case=case, rank=start + i + 1, cost_per_person=1, cost_per_outcome=10
            )


def test_library_and_top_ten_pages_take_the_same_few_queries(client: Any, champion: Any) -> None:
    top_ten = TopTen.objects.create(
        label="2025-26 Q1", slug="2025-26-q1", starts_on="2025-04-01", ends_on="2025-06-30", status="published"
    )
    _cases(2, top_ten)
    client.force_login(champion)
    urls = ["/practice/library/", "/practice/top-10/", f"/practice/top-10/{top_ten.slug}/", "/practice/plans/"]
    assert_flat(client, urls, lambda: _cases(5, top_ten))


def _grow_plan(ward: Any, officer: Any, youth: Any, held: Any, n: int) -> None:
    """A plan with n more communities, targets, reviews, activities, groups, priorities and feedback."""
    plan, _ = WardPlan.objects.get_or_create(ward=ward, defaults={"status": WardPlan.Status.AGREED})
    for i in range(n):
        community = CommunityFactory()
        PlanCommunity.objects.create(plan=plan, community=community, methods=["street_briefing"])
        PlanTarget.objects.create(plan=plan, community=community, number=i + 1)
        PlanReview.objects.create(
            plan=plan, reviewed_on=date(2025, 1, 1 + i), period_start=date(2024, 7, 1), results=[{"met": True}]
        )
        held(ward, 10 + i, communities=(youth, community), days_ago=10 + i, reach=5)
        held(ward, None, communities=(community,), days_ago=20 + i, reach=7)


def test_a_ward_plan_takes_the_same_few_queries(client: Any, officer: Any, ward: Any, youth: Any, held: Any) -> None:
    _grow_plan(ward, officer, youth, held, 1)
    client.force_login(officer)
    assert_flat(client, [f"/practice/plans/{ward.code}/"], lambda: _grow_plan(ward, officer, youth, held, 6))
