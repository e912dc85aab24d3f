"""Messages to a group's members and to the people who answered a consultation."""

import uuid

import pytest

from alerts import services
from alerts.models import Delivery, Message
from consultations.models import Questionnaire, Response
from consultations.tests.factories import ConsultationFactory
from core.errors import ServiceError
from groups.tests.factories import MemberFactory, WardPanelFactory
from organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """The test's transaction never commits: run after-commit work (enqueueing) straight away instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def champion(make_staff, lewisham):
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))


def _respond(consultation, email, name="Resident"):
    questionnaire, _ = Questionnaire.objects.get_or_create(consultation=consultation, version=1)
    return Response.objects.create(
        consultation=consultation,
        questionnaire=questionnaire,
        idempotency_key=uuid.uuid4().hex,
        name=name,
        email=email,
    )


def test_a_message_reaches_the_members_of_a_group_who_agreed_to_contact(champion, ward, smtp_server):
    panel = WardPanelFactory(ward=ward)
    MemberFactory(group=panel, email="keen@example.test")
    MemberFactory(group=panel, email="private@example.test", consent_to_contact=False)
    message = services.save_message(
        by=champion, subject="Panel meeting moved", body="Now on Thursday.", audiences_chosen=[("group", panel.pk)]
    )
    services.send_message(message, by=champion)
    addresses = set(Delivery.objects.filter(message=message).values_list("address", flat=True))
    assert addresses == {"keen@example.test"}


def test_a_message_reaches_each_consultation_respondent_once(champion, lewisham, smtp_server):
    consultation = ConsultationFactory(boroughs=[lewisham])
    _respond(consultation, "one@example.test")
    _respond(consultation, "ONE@example.test")
    _respond(consultation, "")
    _respond(consultation, "two@example.test")
    message = services.save_message(
        by=champion,
        subject="What we heard",
        body="The results are out.",
        audiences_chosen=[("consultation", consultation.pk)],
    )
    services.send_message(message, by=champion)
    addresses = sorted(a.lower() for a in Delivery.objects.filter(message=message).values_list("address", flat=True))
    assert addresses == ["one@example.test", "two@example.test"]


def test_a_group_outside_the_senders_places_is_refused(champion, other_ward):
    panel = WardPanelFactory(ward=other_ward)
    MemberFactory(group=panel)
    with pytest.raises(ServiceError, match="groups in places your role covers"):
        services.save_message(by=champion, subject="Hello", body="Body", audiences_chosen=[("group", panel.pk)])


def test_the_message_page_accepts_a_group_and_a_consultation(client, champion, ward, lewisham):
    panel = WardPanelFactory(ward=ward)
    consultation = ConsultationFactory(boroughs=[lewisham])
    client.force_login(champion)
    r = client.post(
        "/alerts/messages/new/",
        {"kind": "alert", "subject": "Panel news", "body": "Hello.", "priority": "routine",
         "group": str(panel.pk), "consultation": str(consultation.pk)},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()
    message = Message.objects.get()
    assert [(a.kind, a.object_id) for a in message.audiences.all()] == [
        ("consultation", consultation.pk),
        ("group", panel.pk),
    ]


def test_a_consultation_whose_respondents_left_no_address_is_refused_naming_the_consultation(champion, lewisham):
    consultation = ConsultationFactory(boroughs=[lewisham])
    _respond(consultation, "")
    message = services.save_message(
        by=champion,
        subject="What we heard",
        body="The results are out.",
        audiences_chosen=[("consultation", consultation.pk)],
    )
    with pytest.raises(ServiceError) as caught:
        services.send_message(message, by=champion)
    assert caught.value.field == "consultation"
    assert caught.value.message == (
        "Nobody would get this message: nobody who answered the consultation left an email address."
    )


def test_an_unknown_audience_kind_or_someone_elses_consultation_is_refused(champion, lewisham):
    with pytest.raises(ServiceError, match="Unknown audience"):
        services.save_message(by=champion, subject="Hello", body="Body", audiences_chosen=[("nobody", 1)])
    with pytest.raises(ServiceError, match="consultations you run"):
        services.save_message(
            by=champion, subject="Hello", body="Body", audiences_chosen=[("consultation", 2_147_483_647)]
        )


def test_the_message_page_names_its_audiences(client, champion, ward):
    panel = WardPanelFactory(ward=ward)
    message = services.save_message(by=champion, subject="Hello", body="Body", audiences_chosen=[("group", panel.pk)])
    client.force_login(champion)
    page = client.get(f"/alerts/messages/{message.pk}/").content.decode()
    assert f"Members of {panel}" in page
