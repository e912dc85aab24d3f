"""Fixtures: coordinators in Lewisham and Lambeth, a London-wide hub coordinator, volunteers with accounts."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory
from volunteers import services
from volunteers.models import Opportunity, Volunteer


@pytest.fixture
def hub_unit(london: None) -> Any:
    return UnitFactory(name="Volunteer hub", kind=Unit.Kind.BUSINESS_GROUP)


@pytest.fixture
def hub(make_staff: Callable[..., Any], hub_unit: Any) -> Any:
    """A central engagement champion: London-wide coordinator."""
    return make_staff(Role.CENTRAL_CHAMPION, unit=hub_unit, london_wide=True, email="hub@police.example.test")


@pytest.fixture
def lewisham_coordinator(make_staff: Callable[..., Any], lewisham: Any) -> Any:
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,), email="lewisham@police.example.test")


@pytest.fixture
def lambeth_coordinator(make_staff: Callable[..., Any], lambeth: Any) -> Any:
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,), email="lambeth@police.example.test")


@pytest.fixture
def make_volunteer(lewisham: Any) -> Callable[..., Volunteer]:
    count = iter(range(1, 10_000))

    def make(*, account: bool = True, **kwargs: Any) -> Volunteer:
        n = next(count)
        values: dict[str, Any] = {
            "name": f"Volunteer {n} (test)",
            "email": f"volunteer{n}@example.test",
            "kind": Volunteer.Kind.POLICE_SUPPORT,
            "home_borough": lewisham,
            "available_weekdays": True,
            "available_weekends": True,
            "available_evenings": True,
            "vetting_level": 2,
            "vetting_expires_on": timezone.localdate() + timedelta(days=365),
            **kwargs,
        }
        if account and "user" not in values:
            values["user"] = UserFactory(email=values["email"])
        return Volunteer.objects.create(**values)

    return make


def birthday(years: int, days: int = 0) -> date:
    """A date of birth making someone `years` old in four days' time (plus `days`)."""
    on = timezone.localdate() + timedelta(days=4)
    return on.replace(year=on.year - years) - timedelta(days=days)


@pytest.fixture
def post(hub: Any, hub_unit: Any, lewisham: Any) -> Callable[..., Opportunity]:
    def make(*, by: Any = None, boroughs: Any = None, skills: Any = (), **data: Any) -> Opportunity:
        start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=4)
        values = {
            "title": "Leaflet drop",
            "description": "Burglary prevention leaflets.",
            "unit": hub_unit,
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "places": 2,
            **data,
        }
        return services.post_opportunity(
            by=by or hub, data=values, boroughs=[lewisham] if boroughs is None else boroughs, skills=skills
        )

    return make
