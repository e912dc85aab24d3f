import pytest

from demo import plans as demo
from organisations.tests.factories import UnitFactory
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_demo_loads_the_real_plans_and_one_fictional_active_plan_once(london):
    for short in ("MPS", "TP (SN)", "CO15"):
        UnitFactory(short_name=short, name=short)
    demo.load()
    demo.load()
    assert Plan.objects.count() == 4
    active = Plan.objects.get(status=Plan.Status.ACTIVE)
    assert "(demo)" in active.title
    assert active.actions.count() == 3
