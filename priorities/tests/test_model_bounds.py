"""Issues, priorities and reviews are held to their bounds by the model and the database."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import bounds
from core.errors import ServiceError
from priorities import services
from priorities.models import Issue, Priority
from priorities.tests.factories import IssueFactory, PriorityFactory
from priorities.tests.test_raise import URL, form

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_point_off_the_globe(ward):
    issue = IssueFactory(ward=ward)
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(latitude=91)


def test_the_database_refuses_a_review_date_before_the_priority_was_set(ward):
    priority = PriorityFactory(ward=ward)
    with pytest.raises(IntegrityError), transaction.atomic():
        Priority.objects.filter(pk=priority.pk).update(review_by=priority.set_on - timedelta(days=1))


def test_full_clean_refuses_an_over_long_description_and_a_point_off_the_globe(ward):
    issue = IssueFactory.build(ward=ward, description="x" * (bounds.MAX_TEXT + 1), latitude=-91, longitude=181)
    with pytest.raises(ValidationError) as raised:
        issue.full_clean()
    assert {"description", "latitude", "longitude"} <= set(raised.value.message_dict)


def test_full_clean_refuses_a_review_date_before_the_priority_was_set(ward):
    priority = PriorityFactory.build(ward=ward, set_on=timezone.localdate())
    priority.review_by = priority.set_on - timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        priority.full_clean()
    assert "The review is before it was set." in str(raised.value)


def test_the_report_form_refuses_an_over_long_description_with_a_400(client, ward):
    cache.clear()
    response = client.post(URL, form(description="x" * (bounds.MAX_TEXT + 1)))
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_a_review_dated_before_the_priority_was_set_is_refused_with_a_reason(ward, officer):
    priority = PriorityFactory(ward=ward, set_on=timezone.localdate())
    with pytest.raises(ServiceError) as raised:
        services.review_priority(
            priority=priority,
            by=officer,
            done="Patrols",
            outcome="closed",
            reviewed_on=priority.set_on - timedelta(days=3),
        )
    assert raised.value.field == "reviewed_on"
    priority.refresh_from_db()
    assert priority.status == Priority.Status.CURRENT
