from typing import Any

import pytest

from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory
from tension import services
from tension.models import Assessment, Item


@pytest.fixture
def lead(make_staff: Any, lewisham: Any) -> Any:
    """Lewisham's tension lead (a borough engagement champion)."""
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,), email="lead@lewisham.example.test")


@pytest.fixture
def central(make_staff: Any) -> Any:
    return make_staff(Role.CENTRAL_CHAMPION, london_wide=True, email="central@met.example.test")


@pytest.fixture
def partner(make_staff: Any, lewisham: Any) -> Any:
    """Lewisham council's community safety team."""
    unit = UnitFactory(kind=Unit.Kind.LOCAL_AUTHORITY, borough=lewisham, name="Lewisham Council CSP")
    return make_staff(Role.PARTNER, unit=unit, email="csp@lewisham.example.test")


@pytest.fixture
def other_partner(make_staff: Any, lewisham: Any) -> Any:
    """Another partner in the same borough."""
    unit = UnitFactory(kind=Unit.Kind.PARTNER, borough=lewisham, name="Lewisham Youth Trust")
    return make_staff(Role.PARTNER, unit=unit, email="youth@lewisham.example.test")


@pytest.fixture
def lambeth_partner(make_staff: Any, lambeth: Any) -> Any:
    unit = UnitFactory(kind=Unit.Kind.LOCAL_AUTHORITY, borough=lambeth, name="Lambeth Council CSP")
    return make_staff(Role.PARTNER, unit=unit, email="csp@lambeth.example.test")


@pytest.fixture
def draft(lead: Any, lewisham: Any) -> Assessment:
    return services.start_assessment(
        by=lead, borough=lewisham, week=services.this_week(), level=3, trend="rising", summary="Watching."
    )


@pytest.fixture
def item(partner: Any, lewisham: Any, draft: Assessment) -> Item:
    return services.add_item(
        by=partner,
        borough=lewisham,
        data={
            "category": "experienced",
            "source_type": "local_authority",
            "reliability": "B",
            "text": "Residents uneasy after a rumour <script>x</script>",
        },
    )
