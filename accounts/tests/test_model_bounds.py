"""Account text is held to its length by the model and the database (SQLite does not enforce a VARCHAR)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from accounts.models import ApiToken, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_over_long_display_name():
    user = UserFactory()
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        User.objects.filter(pk=user.pk).update(display_name="x" * 151)


def test_full_clean_refuses_an_over_long_token_name(officer):
    token = ApiToken(user=officer, name="x" * 101, key_prefix="ehk_abc", key_hash="0" * 64)
    with pytest.raises(ValidationError) as raised:
        token.full_clean()
    assert "name" in raised.value.message_dict


def test_the_token_form_refuses_an_over_long_name_with_a_400(client, officer):
    client.force_login(officer)
    response = client.post(reverse("accounts:tokens"), {"name": "x" * 101, "expires_in_days": "90"})
    assert response.status_code == 400
    assert "Token name" in response.content.decode()
    assert not ApiToken.objects.exists()
