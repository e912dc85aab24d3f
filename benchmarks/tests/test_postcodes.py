"""The postcode directory's import benchmark."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_benchmark_reports_rates_and_resolved_postcodes(london, tmp_path: Path):
    out = io.StringIO()
    call_command("bench_postcodes", "--rows", "2000", "--file", "", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "rows/s" in text and "London postcodes have a ward" in text
