"""The database holds the same bounds as the forms and the import."""

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from insight.models import Measure, Period, Result, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def period() -> Period:
    return Period.objects.create(label="2024-25 Q1", start=date(2024, 4, 1), end=date(2024, 6, 30))


def _result(period: Period, **kwargs: Any) -> Result:
    source, _ = Source.objects.get_or_create(name="PAS")
    values = {"measure": Measure.objects.get(key="informed-local"), "period": period, "proportion": 0.5, **kwargs}
    return Result.objects.create(source=source, **values)


def _refused(make: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_figure_per_measure_area_and_period(period: Period, lewisham: Any) -> None:
    _result(period)
    _result(period, borough=lewisham)
    _refused(lambda: _result(period))  # London is an empty borough: a unique constraint of its own
    _refused(lambda: _result(period, borough=lewisham))


def test_bounds(period: Period) -> None:
    _refused(lambda: _result(period, proportion=1.01))
    _refused(lambda: _result(period, proportion=-0.01))
    _refused(lambda: _result(period, base=0))
    _refused(lambda: Period.objects.create(label="Backwards", start=date(2024, 4, 1), end=date(2024, 3, 1)))
    _refused(lambda: Period.objects.create(label="Too early", start=date(1999, 4, 1), end=date(2024, 3, 1)))


def test_the_survey_measures_are_there_from_the_start() -> None:
    assert Measure.objects.filter(key__in=["informed-local", "understand-issues", "trust-mps"]).count() == 3
    assert "well informed" in Measure.objects.get(key="informed-local").question
