"""Member terms, meeting counts and group texts are held to their bounds by the model and the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core import bounds
from groups.models import CommunityGroup, Member
from groups.tests.factories import MemberFactory, WardPanelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(ward):
    return WardPanelFactory(ward=ward)


def test_the_database_refuses_a_term_that_ends_before_it_starts(panel):
    member = MemberFactory(group=panel, term_start=datetime.date(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(term_end=datetime.date(2026, 2, 1))


def test_the_database_refuses_an_over_long_purpose(panel):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityGroup.objects.filter(pk=panel.pk).update(purpose="x" * (bounds.MAX_TEXT + 1))


def test_full_clean_refuses_a_term_that_ends_before_it_starts(panel):
    member = MemberFactory.build(group=panel, term_start=datetime.date(2026, 3, 1), term_end=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError) as raised:
        member.full_clean()
    assert "The term must not end before it starts." in str(raised.value)


def test_the_member_form_refuses_a_term_that_ends_before_it_starts_with_a_400(client, officer, panel):
    client.force_login(officer)
    response = client.post(
        reverse("groups:member_add", args=[panel.pk]),
        {
            "name": "Backwards Term (demo)",
            "role": "member",
            "term_start": "2026-03-01",
            "term_end": "2026-02-01",
            "data_basis": "consent",
        },
    )
    assert response.status_code == 400
    assert "The term must not end before it starts." in response.content.decode()
    assert not Member.objects.filter(name="Backwards Term (demo)").exists()
