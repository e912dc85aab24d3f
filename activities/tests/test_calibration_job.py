"""Fatigue thresholds are worked out by the daily job, not by whoever asks first that day."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from activities import queries
from activities.models import FatigueSettings
from activities.queries import thresholds

pytestmark = pytest.mark.django_db


def _calibration_ran(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = thresholds.calibrate

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    # patched where fatigue_config looks it up
    monkeypatch.setattr(thresholds, "calibrate", counting)
    return calls


def test_the_job_calibrates_and_requests_reuse_its_thresholds_for_days(london, monkeypatch):
    calls = _calibration_ran(monkeypatch)
    out = StringIO()
    call_command("calibrate_fatigue", stdout=out)
    assert "wards: medium" in out.getvalue()
    assert len(calls) == 1
    with time_machine.travel(timezone.now() + timedelta(days=queries.STALE_CALIBRATION_DAYS), tick=False):
        queries.fatigue_config()
    assert len(calls) == 1, "a request must not recalibrate while the job's thresholds are fresh enough"


def test_a_request_calibrates_when_the_job_has_not_run_for_a_week(london, monkeypatch):
    calls = _calibration_ran(monkeypatch)
    queries.fatigue_config()  # nothing kept yet: worked out now
    assert len(calls) == 1
    with time_machine.travel(timezone.now() + timedelta(days=queries.STALE_CALIBRATION_DAYS + 1), tick=False):
        queries.fatigue_config()
    assert len(calls) == 2


def test_changed_settings_take_effect_at_once(london, monkeypatch):
    calls = _calibration_ran(monkeypatch)
    queries.fatigue_config()
    row = FatigueSettings.objects.first() or FatigueSettings.objects.create()
    row.high_percentile = 97
    row.save()
    queries.fatigue_config()
    assert len(calls) == 2
