import io

import pytest
from django.core.management import call_command

from activities.models import Activity, ActivityPlace

pytestmark = pytest.mark.django_db


def test_bench_command_loads_and_reports_ratios(london):
    out = io.StringIO()
    call_command("bench_activities", activities=200, years=1, repeat=5, stdout=out)
    text = out.getvalue()
    assert Activity.objects.filter(title__startswith="Bench activity").count() == 200
    assert ActivityPlace.objects.count() >= 200
    assert "baseline: primary-key lookup" in text
    assert "clash check" in text and "fatigue of a ward" in text and "calendar: borough month" in text
