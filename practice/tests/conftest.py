from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from activities.models import Activity
from activities.tests.factories import ActivityFactory, CommunityFactory
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory


@pytest.fixture
def youth(db: Any) -> Any:
    return CommunityFactory(name="Young people", slug="young-people")


@pytest.fixture
def held(ward_team: Any) -> Any:
    """held(ward, attendance, communities=(), days_ago=30, method=...) -> a held activity in the ward."""

    def make(ward: Any, attendance: int | None, communities: tuple = (), days_ago: int = 30, **kw: Any) -> Activity:
        start = timezone.now() - timedelta(days=days_ago)
        a = ActivityFactory(
            organising_unit=ward_team,
            status=Activity.Status.HELD,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            attendance=attendance,
            **kw,
        )
        a.wards.add(ward)
        a.communities.add(*communities)
        return a

    return make


@pytest.fixture
def other_sergeant(make_staff: Any, other_ward: Any) -> Any:
    """A neighbourhood officer of a Lambeth ward's team."""
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    return make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="sergeant@lambeth.example.test")


@pytest.fixture
def champion(make_staff: Any, lewisham: Any) -> Any:
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,), email="champion@lewisham.example.test")
