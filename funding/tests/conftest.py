from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from funding.models import Allocation, Round
from groups.models import CommunityGroup
from groups.tests.factories import CommunityGroupFactory
from organisations.models import Role


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def a_round(london: None, today: date) -> Round:
    return Round.objects.create(
        name="Engagement fund 2026-27",
        purpose="Grants for engagement groups.",
        criteria="Reaches people rarely heard.",
        budget=Decimal("1000.00"),
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=10),
    )


def borough_group(borough: Any, name: str) -> CommunityGroup:
    group: CommunityGroup = CommunityGroupFactory(
        name=name, kind=CommunityGroup.Kind.BOROUGH_GROUP, level=CommunityGroup.Level.BOROUGH, borough=borough
    )
    return group


@pytest.fixture
def lewisham_group(lewisham: Any) -> CommunityGroup:
    return borough_group(lewisham, "Lewisham Safer Neighbourhood Board")


@pytest.fixture
def lambeth_group(lambeth: Any) -> CommunityGroup:
    return borough_group(lambeth, "Lambeth Safer Neighbourhood Board")


@pytest.fixture
def funder(make_staff: Any) -> Any:
    """A London-wide funding officer (central engagement champion)."""
    return make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="funder@police.example.test")


@pytest.fixture
def lewisham_funder(make_staff: Any, lewisham: Any) -> Any:
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,), email="lewisham@police.example.test")


@pytest.fixture
def lambeth_funder(make_staff: Any, lambeth: Any) -> Any:
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,), email="lambeth@police.example.test")


@pytest.fixture
def reader(make_staff: Any) -> Any:
    return make_staff(Role.OVERSIGHT_READER, london_wide=True, email="reader@oversight.example.test")


@pytest.fixture
def partner(make_staff: Any) -> Any:
    return make_staff(Role.PARTNER, email="partner@council.example.test")


@pytest.fixture
def allocation(a_round: Round, lewisham_group: CommunityGroup) -> Allocation:
    return Allocation.objects.create(
        round=a_round,
        group=lewisham_group,
        borough=lewisham_group.borough,
        project="Street surgeries",
        summary="Meet young people in the high street.",
        requested=Decimal("600.00"),
        amount=Decimal("500.00"),
        status=Allocation.Status.ALLOCATED,
    )


@pytest.fixture
def group_officer(make_staff: Any, lewisham: Any) -> Any:
    """The secretary of Lewisham's borough engagement group (a group officer over Lewisham)."""
    return make_staff(Role.GROUP_OFFICER, boroughs=(lewisham,), email="secretary@lewisham-snb.example.test")
