"""A group's page and its join form in another language: translated kinds, meetings, questions and errors; the
consent wording stays English, marked as English, with a sentence in the page's language saying why."""

import pytest

from equality.models import Answer
from groups import services
from groups.models import CommunityGroup, JoinRequest
from groups.tests.factories import CommunityGroupFactory, MemberFactory
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

CONSENT_NOTE_PL = "Zgoda jest pokazana po angielsku."


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]


@pytest.fixture
def panel_member(group):
    return MemberFactory(group=group, name="Sam O'Neill", email="sam@example.test")


@pytest.fixture
def group():
    return CommunityGroupFactory(
        kind=CommunityGroup.Kind.YOUTH_PANEL, meets=CommunityGroup.Cadence.MONTHLY, accepts_join_requests=True
    )


def test_the_kind_of_group_and_how_often_it_meets_are_in_polish(client, group):
    html = client.get(f"/pl/groups/g/{group.slug}/").content.decode()
    assert "Panel młodzieży" in html and "Youth panel" not in html
    assert "Grupa spotyka się co miesiąc." in html


def test_the_group_list_shows_the_kinds_in_polish(client, group):
    html = client.get("/pl/groups/public/").content.decode()
    assert "Panel młodzieży" in html


def test_the_equality_questions_are_in_polish_on_the_join_form(client, group):
    html = client.get(f"/pl/groups/g/{group.slug}/join/").content.decode()
    assert "Jaka jest Twoja płeć?" in html and "What is your sex?" not in html
    assert "Kobieta" in html and "Wolę nie mówić" in html
    assert 'value="female"' in html  # the value sent is the answer's code


def test_the_consent_wording_is_english_marked_as_english_and_explained(client, group):
    html = client.get(f"/pl/groups/g/{group.slug}/join/").content.decode()
    assert CONSENT_NOTE_PL in html
    assert 'lang="en">I agree that the police' in html
    english = client.get(f"/groups/g/{group.slug}/join/").content.decode()
    assert "shown in English" not in english and 'lang="en">I agree' not in english


def test_the_consent_wording_reads_left_to_right_on_an_arabic_page(client, group):
    html = client.get(f"/ar/groups/g/{group.slug}/join/").content.decode()
    assert 'lang="en" dir="ltr">I agree that the police' in html
    assert "الموافقة معروضة باللغة الإنجليزية." in html


def test_a_join_request_from_a_polish_page_stores_the_answer_codes(client, group):
    response = client.post(
        f"/pl/groups/g/{group.slug}/join/",
        {"name": "Ada (demo)", "email": "ada@example.test", "consent": "on", "sex": "female", "religion": "none"},
    )
    assert response.status_code == 302
    assert JoinRequest.objects.get().consent_wording.startswith("I agree that the police")
    assert set(Answer.objects.values_list("question", "answer")) == {("sex", "female"), ("religion", "none")}


def test_a_join_request_without_consent_explains_the_problem_in_polish(client, group):
    response = client.post(f"/pl/groups/g/{group.slug}/join/", {"name": "Ada (demo)", "email": "ada@example.test"})
    assert response.status_code == 400
    assert "Zaznacz pole, aby zgodzić się" in response.content.decode()


def test_an_answer_that_is_not_one_of_the_choices_is_refused(client, group):
    response = client.post(
        f"/pl/groups/g/{group.slug}/join/",
        {"name": "Ada (demo)", "email": "ada@example.test", "consent": "on", "sex": "Kobieta"},
    )
    assert response.status_code == 400
    assert not JoinRequest.objects.exists() and not Answer.objects.exists()


def test_a_join_request_from_a_polish_page_is_answered_in_polish_and_its_officers_told_in_english(
    client, group, administrator
):
    group.contact_email = "officers@example.test"
    group.save()
    client.post(
        f"/pl/groups/g/{group.slug}/join/",
        {"name": "Ola O'Brien", "email": "ola@example.test", "consent": "on", "sex": "female"},
    )
    request = JoinRequest.objects.get()
    assert request.language == "pl"
    received = OutboundEmail.objects.get(to="ola@example.test")
    assert received.subject == f"Twoja prośba o dołączenie do {group.name}"
    assert received.text.startswith("Dzień dobry Ola O'Brien,")  # the name as typed, not HTML-escaped
    assert "I agree that the police" in received.text  # the words agreed to stay as recorded
    assert "/pl/equality/withdraw/" in received.text
    officers = OutboundEmail.objects.get(to="officers@example.test")
    assert officers.subject == f"Request to join {group.name}"

    services.decide_join_request(request=request, by=administrator, accept=True, note="See you on Monday.")
    decided = OutboundEmail.objects.get(to="ola@example.test", reason="groups.join_decided")
    assert "Thank you" not in decided.text and "Welcome" not in decided.text
    assert "See you on Monday." in decided.text  # what the officer wrote stays as written

    services.send_monitoring_invitation(member=JoinRequest.objects.get().member, by=administrator)
    invited = OutboundEmail.objects.get(reason="groups.monitoring_invitation")
    assert "/pl/groups/monitoring/" in invited.text and "Prefer not to say" not in invited.text


def test_a_join_request_from_an_english_page_is_answered_in_english(client, group, administrator):
    client.post(f"/groups/g/{group.slug}/join/", {"name": "Pat", "email": "pat@example.test", "consent": "on"})
    request = JoinRequest.objects.get()
    assert request.language == ""
    received = OutboundEmail.objects.get(to="pat@example.test")
    assert received.subject == f"Your request to join {group.name}"
    assert received.text.startswith(f"Dear Pat,\n\nThank you for asking to join {group.name}.")
    services.decide_join_request(request=request, by=administrator, accept=False)
    decided = OutboundEmail.objects.get(to="pat@example.test", reason="groups.join_decided")
    assert decided.subject == f"{group.name}: your request to join"
    assert "Your request to join has not been accepted this time." in decided.text


def test_a_member_added_by_staff_is_invited_to_the_monitoring_questions_in_english(panel_member, administrator):
    services.send_monitoring_invitation(member=panel_member, by=administrator)
    invited = OutboundEmail.objects.get(reason="groups.monitoring_invitation")
    assert invited.subject == f"{panel_member.group.name}: optional equality monitoring questions"
    assert invited.text.startswith(f"Dear {panel_member.name},\n\n{panel_member.group.name} wants to be")
    assert (
        '"Prefer not to say"' in invited.text and "/groups/monitoring/" in invited.text and "/pl/" not in invited.text
    )
