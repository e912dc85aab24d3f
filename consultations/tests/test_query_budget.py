"""Public consultation pages and the consultations API are built in a bounded number of queries."""

import datetime

import pytest
from django.utils import timezone

from consultations.tests.factories import ConsultationFactory, build_survey
from core.tests.query_budget import assert_flat, use_database_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


def _add_round(ward):
    """Open and closed consultations in the ward, the borough and London-wide, each with a questionnaire."""
    now = timezone.now()
    for closes, places in (
        (10, {"wards": [ward]}),
        (-2, {"boroughs": [ward.borough]}),
        (20, {"london_wide": True}),
    ):
        closes_at = now + datetime.timedelta(days=closes)
        build_survey(
            ConsultationFactory(opens_at=closes_at - datetime.timedelta(days=30), closes_at=closes_at, **places)
        )


def test_consultation_pages_and_api_take_the_same_few_queries_however_many_consultations(client, ward):
    _add_round(ward)
    consultation, _questions = build_survey(ConsultationFactory(wards=[ward], slug="front-counter"))
    urls = [
        "/consultations/",
        "/consultations/?page=1",
        f"/consultations/{consultation.slug}/",
        "/api/v1/consultations/",
        f"/api/v1/consultations/{consultation.slug}",
    ]

    def grow():
        for _ in range(4):
            _add_round(ward)

    assert_flat(client, urls, grow)
