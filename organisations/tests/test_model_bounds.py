"""Posts and units are held to their bounds by the model and the database."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core import bounds
from organisations.models import Post, Role, Unit
from organisations.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_post_that_ends_before_it_starts(ward_team: Any) -> None:
    post = PostFactory(unit=ward_team, starts_on=datetime.date(2026, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(ends_on=datetime.date(2026, 3, 1))


def test_the_database_refuses_an_over_long_unit_description(ward_team: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=ward_team.pk).update(description="x" * (bounds.MAX_TEXT + 1))


def test_full_clean_refuses_a_post_that_ends_before_it_starts(ward_team: Any) -> None:
    post = PostFactory.build(
        unit=ward_team, user=UserFactory(), starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 3, 1)
    )
    with pytest.raises(ValidationError) as raised:
        post.full_clean()
    assert "A post must not end before it starts." in str(raised.value)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        ("2026-04-01", "2026-03-01", "The end date must be on or after the start date."),
        ("2026-04-01", "9999-12-31", "Give a date between 2000 and 2099."),
    ],
)
def test_the_post_form_refuses_bad_dates_with_a_400(
    client: Any, administrator: Any, ward_team: Any, starts_on: str, ends_on: str, message: str
) -> None:
    UserFactory(email="new.officer@example.test")
    client.force_login(administrator)
    response = client.post(
        reverse("organisations:post_create", args=[ward_team.slug]),
        {
            "email": "new.officer@example.test",
            "role": Role.NEIGHBOURHOOD_OFFICER,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.filter(user__email="new.officer@example.test").exists()
