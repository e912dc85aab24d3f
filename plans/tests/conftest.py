import pytest

from organisations.models import Role
from organisations.tests.factories import UnitFactory
from plans.tests.factories import ActionFactory, PlanFactory, SectionFactory


@pytest.fixture
def lead_unit(london):
    return UnitFactory(name="Public Order Branch", short_name="CO11")


@pytest.fixture
def plan(london):
    return PlanFactory(title="Engagement Commitment action plan")


@pytest.fixture
def action(plan, lead_unit):
    section = SectionFactory(plan=plan, number="1", title="Information")
    a = ActionFactory(plan=plan, section=section, reference="1.1", lead_text="CO11")
    a.lead_units.set([lead_unit])
    return a


@pytest.fixture
def manager(make_staff):
    return make_staff(Role.ENGAGEMENT_LEAD, email="manager@police.example.test")


@pytest.fixture
def lead_officer(make_staff, lead_unit):
    return make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=lead_unit, email="lead@police.example.test")


@pytest.fixture
def other_officer(make_staff):
    return make_staff(Role.NEIGHBOURHOOD_OFFICER, email="other@police.example.test")


@pytest.fixture
def reader(make_staff):
    return make_staff(Role.OVERSIGHT_READER, email="reader@oversight.example.test")
