import pytest

from activities.models import Activity, MinimumStandard
from demo import activities as demo

pytestmark = pytest.mark.django_db


def test_demo_loads_a_year_once(london):
    from organisations.structure import load_units

    load_units()
    demo.load()
    count = Activity.objects.count()
    assert count > 200
    assert Activity.objects.filter(title="London Muslim Community Forum", recurrence="weekly").exists()
    assert MinimumStandard.objects.count() == 2
    assert not Activity.objects.exclude(lead_email__endswith="@demo.engagehub.invalid").exists()
    demo.load()
    assert Activity.objects.count() == count
