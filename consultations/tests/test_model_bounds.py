"""Consultation dates, number questions and answers are held to their bounds by the model and the database."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from consultations.models import Answer, Consultation, Question, Response
from consultations.tests.factories import build_survey
from core import bounds
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_staff, lewisham):
    unit = UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham)
    return make_staff(Role.BOROUGH_CHAMPION, unit=unit, boroughs=[lewisham])


def test_the_database_refuses_a_consultation_that_closes_before_it_opens(lewisham):
    consultation, _qs = build_survey(boroughs=[lewisham])
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=consultation.pk).update(closes_at=consultation.opens_at - timedelta(days=1))


def test_the_database_refuses_a_number_question_whose_smallest_is_above_its_largest(lewisham):
    _c, qs = build_survey(boroughs=[lewisham])
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=qs["years"].pk).update(min_value=10, max_value=5)


def test_the_database_refuses_a_huge_number_answer(lewisham):
    consultation, qs = build_survey(boroughs=[lewisham])
    response = Response.objects.create(
        consultation=consultation, questionnaire=qs["years"].section.questionnaire, idempotency_key="bounds"
    )
    answer = Answer.objects.create(response=response, question=qs["years"], number=12)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(number=bounds.MAX_ANSWER + 1)


def test_full_clean_refuses_out_of_range_numbers_and_dates(lewisham):
    consultation, qs = build_survey(boroughs=[lewisham])
    question = qs["years"]
    question.min_value = -(bounds.MAX_ANSWER + 1)
    with pytest.raises(ValidationError) as raised:
        question.full_clean()
    assert "min_value" in raised.value.message_dict
    consultation.closes_at = consultation.opens_at - timedelta(hours=1)
    with pytest.raises(ValidationError) as raised:
        consultation.full_clean(exclude=["created_by"])
    assert "It must close after it opens." in str(raised.value)


def test_the_question_form_refuses_a_huge_smallest_number_with_a_400(client, lead, lewisham):
    consultation, qs = build_survey(boroughs=[lewisham])
    client.force_login(lead)
    response = client.post(
        reverse("consultations:builder", args=[consultation.pk]),
        {
            "action": "add_question",
            "question-section": qs["seen"].section_id,
            "question-kind": "number",
            "question-text": "How many?",
            "question-min_value": str(10**15),
        },
    )
    assert response.status_code == 400
    assert not Question.objects.filter(text="How many?").exists()
