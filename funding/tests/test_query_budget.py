"""The funding pages and API are built in a bounded number of queries, whatever the number of allocations."""

from decimal import Decimal
from typing import Any

import pytest

from core.tests.query_budget import assert_flat, use_database_cache
from funding.models import Allocation, Claim, Round
from funding.tests.conftest import borough_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings: Any) -> None:
    use_database_cache(settings)


def _add(round_: Round, borough: Any, n: int) -> None:
    for i in range(n):
        group = borough_group(borough, f"Group {Allocation.objects.count()}-{i}")
        a = Allocation.objects.create(
            round=round_,
            group=group,
            borough=borough,
            project=f"Project {i}",
            summary="S",
            requested=Decimal("10"),
            amount=Decimal("10"),
            status=Allocation.Status.ALLOCATED,
        )
        Claim.objects.create(allocation=a, amount=Decimal("5"), description="Half", spent_on=round_.opens_on)


def test_funding_pages_take_the_same_few_queries_however_many_allocations(
    client: Any, reader: Any, a_round: Round, lewisham: Any, lambeth: Any
) -> None:
    _add(a_round, lewisham, 2)
    client.force_login(reader)
    urls = [
        "/funding/",
        f"/funding/rounds/{a_round.pk}/",
        "/funding/spread/",
        "/funding/report/",
        "/api/v1/funding/rounds",
        f"/api/v1/funding/rounds/{a_round.pk}/allocations",
    ]

    def grow() -> None:
        _add(a_round, lambeth, 3)

    assert_flat(client, urls, grow)
