"""Plan periods, deadlines, budgets and texts are held to their bounds by the model and the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from core import bounds
from plans.models import Action, Plan
from plans.parsing import MAX_BUDGET
from plans.tests.test_api import _auth

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_deadline_that_ends_before_it_starts(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(
            deadline_start=datetime.date(2026, 11, 1), deadline_end=datetime.date(2026, 4, 1)
        )


def test_the_database_refuses_a_budget_beyond_what_a_plan_holds(action):
    # PostgreSQL's NUMERIC(12, 2) overflows first; SQLite stores any number, so the check constraint refuses it.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(budget=MAX_BUDGET + Decimal("0.01"))


def test_the_database_refuses_a_period_that_ends_before_it_starts(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(
            period_start=datetime.date(2013, 1, 1), period_end=datetime.date(2010, 1, 1)
        )


def test_full_clean_refuses_an_over_long_description_and_a_backwards_deadline(action):
    action.description = "x" * (bounds.MAX_TEXT + 1)
    action.deadline_start, action.deadline_end = datetime.date(2026, 11, 1), datetime.date(2026, 4, 1)
    with pytest.raises(ValidationError) as raised:
        action.full_clean()
    assert "description" in raised.value.message_dict
    assert "The deadline ends before it starts." in str(raised.value)


def test_the_api_refuses_a_backwards_deadline_and_a_huge_budget_with_a_4xx(client, action, manager):
    url = f"/api/v1/plans/{action.plan.slug}/actions"
    backwards = client.post(
        url,
        {"reference": "1.5", "description": "Backwards", "deadline": "1 Nov 2026 – 1 Apr 2026"},
        content_type="application/json",
        **_auth(manager),
    )
    assert backwards.status_code == 400, backwards.content
    huge = client.post(
        url,
        {"reference": "1.6", "description": "Huge", "budget": "1e300"},
        content_type="application/json",
        **_auth(manager),
    )
    assert huge.status_code == 422, huge.content
    assert not Action.objects.filter(reference__in=["1.5", "1.6"]).exists()


def test_the_action_form_refuses_an_over_long_description_with_a_400(client, action, manager):
    client.force_login(manager)
    url = reverse("plans:action_edit", args=[action.plan.slug, action.pk])
    response = client.post(url, {"reference": action.reference, "description": "x" * (bounds.MAX_TEXT + 1)})
    assert response.status_code == 400
    action.refresh_from_db()
    assert len(action.description) < bounds.MAX_TEXT
