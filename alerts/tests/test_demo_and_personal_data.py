import io

import pytest

from alerts import registrations
from alerts.models import Message, Subscriber
from alerts.tests.factories import SubscriberFactory
from demo import alerts as demo

pytestmark = pytest.mark.django_db


def test_demo_loader_is_fictional_and_idempotent(london):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    subs = Subscriber.objects.all()
    assert subs.count() == 240
    assert all(s.email.endswith("@example.test") for s in subs)
    assert Message.objects.filter(status=Message.Status.SENT).count() == 2


def test_personal_data_export_and_erase_for_a_user(ward, django_user_model):
    user = django_user_model.objects.create_user(email="person@example.test", password="x")
    SubscriberFactory(wards=[ward], email="Person@example.test")
    exported = registrations.export_person(user)["subscriptions"]
    assert exported[0]["wards"] == [ward.name]
    assert isinstance(exported[0]["consents"], list)
    assert registrations.erase_person(user) >= 1
    assert not Subscriber.objects.exists()
