from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.errors import Conflict, ServiceError
from feedback import queries as feedback_queries
from priorities import services
from priorities.models import PanelMember, PanelVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_round(ward, officer):
    now = timezone.now()
    return services.open_panel_round(
        ward=ward,
        by=officer,
        title="Next priority",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        options=[{"category": "asb", "issue": "Noise"}, {"category": "drugs", "issue": "Dealing"}],
    )


@pytest.fixture
def resident(ward):
    user = UserFactory(email="voter@example.test")
    services.join_panel(ward=ward, user=user)
    return user


def test_member_votes_once(panel_round, resident):
    option = panel_round.options.first()
    services.cast_vote(panel_round=panel_round, user=resident, choice_id=option.pk, comment="Please")
    with pytest.raises(Conflict):
        services.cast_vote(panel_round=panel_round, user=resident, choice_id=option.pk)
    assert PanelVote.objects.count() == 1


def test_vote_after_window_is_refused(panel_round, resident):
    panel_round.closes_at = timezone.now() - timedelta(minutes=1)
    panel_round.save()
    with pytest.raises(ServiceError, match="has closed"):
        services.cast_vote(panel_round=panel_round, user=resident, choice_id=panel_round.options.first().pk)
    assert not PanelVote.objects.exists()


def test_non_member_cannot_vote(panel_round):
    outsider = UserFactory()
    with pytest.raises(ServiceError):
        services.cast_vote(panel_round=panel_round, user=outsider, choice_id=panel_round.options.first().pk)


def test_second_vote_through_page_shows_clear_message(client, panel_round, resident, ward):
    client.force_login(resident)
    url = reverse("priorities:panel_vote", args=[ward.code, panel_round.pk])
    option = panel_round.options.first()
    assert client.post(url, {"choice": option.pk}).status_code == 302
    response = client.post(url, {"choice": option.pk})
    assert response.status_code == 409
    assert "already voted" in response.content.decode()
    assert PanelVote.objects.count() == 1


def test_join_panel_through_page_requires_sign_in(client, ward):
    response = client.post(reverse("priorities:panel_join", args=[ward.code]))
    assert response.status_code == 302
    assert "login" in response["Location"]
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("priorities:panel_join", args=[ward.code]))
    client.post(reverse("priorities:panel_join", args=[ward.code]))
    assert PanelMember.objects.filter(user=user).count() == 1


def test_adopting_proposal_makes_voters_participants(panel_round, resident, officer):
    option = panel_round.options.first()
    services.cast_vote(panel_round=panel_round, user=resident, choice_id=option.pk)
    services.adopt_proposal(
        proposal=option, by=officer, action="Patrols", review_by=timezone.localdate() + timedelta(days=30)
    )
    record = feedback_queries.record_for(option)
    assert record.participants.filter(email="voter@example.test", source="vote").exists()


def test_staff_page_shows_results_beside_issues(client, officer, panel_round, resident, ward):
    services.cast_vote(
        panel_round=panel_round, user=resident, choice_id=panel_round.options.first().pk, comment="<i>hi</i>"
    )
    client.force_login(officer)
    body = client.get(reverse("priorities:manage_ward", args=[ward.code])).content.decode()
    assert "Issues raised in the last six months" in body
    assert "Next priority" in body
    assert "&lt;i&gt;hi&lt;/i&gt;" in body


def test_a_vote_still_counts_after_the_voter_deletes_their_account(panel_round, resident, officer):
    from accounts.services import delete_account

    option = panel_round.options.first()
    services.cast_vote(panel_round=panel_round, user=resident, choice_id=option.pk, comment="Noise at 3am, flat 4")
    delete_account(resident)
    vote = PanelVote.objects.get()
    assert (vote.user_id, vote.comment) == (None, "")
    assert panel_round.options.get(pk=option.pk).votes.count() == 1
    # Adopting the proposal tells the remaining voters; an erased voter is simply not told.
    services.adopt_proposal(proposal=option, by=officer, action="Patrols at night", review_by=None)
