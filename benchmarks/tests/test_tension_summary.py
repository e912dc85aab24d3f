"""The London tension summary's benchmark."""

import io
from typing import Any

import pytest
from django.core.management import call_command

from tension.models import Assessment, Item

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_and_leaves_nothing_behind(lewisham: Any) -> None:
    out = io.StringIO()
    call_command("bench_tension_summary", weeks=2, items=2, runs=1, stdout=out)
    assert "London summary page:" in out.getvalue() and "3 queries" in out.getvalue()
    assert not Assessment.objects.exists() and not Item.objects.exists()
