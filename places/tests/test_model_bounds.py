"""Populations and census figures are held to their bounds by the model and the database.

Places are loaded from ONS data, never typed into a form or sent through the API (which only reads them):
the bounds here stop a bad load from poisoning every ward page and every representativeness comparison.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import bounds
from places.models import CensusFigure, Ward

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_impossible_ward_population(ward):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.filter(pk=ward.pk).update(population=bounds.MAX_POPULATION + 1)


def test_the_database_refuses_a_percentage_above_100(ward):
    with pytest.raises(IntegrityError), transaction.atomic():
        CensusFigure.objects.create(ward=ward, topic="Sex", category="Female", unit="percent", value=150)


def test_full_clean_refuses_a_negative_figure_and_an_impossible_population(ward):
    figure = CensusFigure(ward=ward, topic="Sex", category="Female", unit="count", value=-1)
    with pytest.raises(ValidationError) as raised:
        figure.full_clean()
    assert "value" in raised.value.message_dict
    ward.population = bounds.MAX_POPULATION + 1
    with pytest.raises(ValidationError) as raised:
        ward.full_clean()
    assert "population" in raised.value.message_dict


def test_the_places_api_answers_an_absurd_postcode_with_a_4xx(client, ward):
    response = client.get("/api/v1/places/postcodes/" + "Z9" * 300)
    assert 400 <= response.status_code < 500
