"""Alert subscribers, messages and questions are held to their bounds by the model and the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.services import create_api_token
from alerts.models import ALL_INTERESTS, Message, Question, Subscriber
from alerts.tests.factories import MessageFactory, SubscriberFactory
from core import bounds

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_unknown_interest_bit():
    subscriber = SubscriberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(interests=ALL_INTERESTS + 1)


def test_the_database_refuses_an_over_long_message_body():
    message = MessageFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(body="x" * (bounds.MAX_TEXT + 1))


def test_full_clean_refuses_an_over_long_body_and_unknown_interests():
    message = MessageFactory.build(body="x" * (bounds.MAX_TEXT + 1), interests=ALL_INTERESTS + 1)
    with pytest.raises(ValidationError) as raised:
        message.full_clean(exclude=["team", "created_by"])
    assert {"body", "interests"} <= set(raised.value.message_dict)


def test_the_contact_form_refuses_an_over_long_question_with_a_400(client, london):
    response = client.post("/alerts/contact/", {"topic": "local", "text": "x" * 5001, "email": "someone@example.test"})
    assert response.status_code == 400
    assert "Your question" in response.content.decode()
    assert not Question.objects.exists()


def test_the_api_refuses_an_over_long_message_body_with_a_422(client, officer):
    _token, raw = create_api_token(user=officer, name="test")
    response = client.post(
        "/api/v1/alerts/messages",
        {"subject": "Hello", "body": "x" * (bounds.MAX_TEXT + 1)},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code in (400, 422), response.content
    assert not Message.objects.exists()
