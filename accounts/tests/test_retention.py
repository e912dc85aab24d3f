"""Retention, proved on the same person: once each period has passed, `apply_retention` leaves only what
the privacy notice says is kept longer (the account, a live subscription, a current membership)."""

import io
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from accounts.tests.everything import EMAIL, NEEDLES, make_person, traces
from alerts.models import Question
from consultations.models import Response
from core.models import AuditEntry
from equality.models import Subject
from feedback.models import Participant
from groups.models import JoinRequest, Member
from notifications.models import OutboundEmail, SmsOutbox
from priorities.models import Issue

# Kept until the person deletes their account, stops their alerts or their term ends.
KEPT_WHILE_CURRENT = {
    "accounts.User",
    "account.EmailAddress",
    "alerts.Subscriber",
    "alerts.Delivery",
    "alerts.Reply",
    "alerts.Suppression",
    "groups.Member",
    "priorities.PanelVote",
}
# Consultation answers are kept for the analysis without the respondent's name; words they chose to write
# in a free-text answer (here, their address) stay with the answer unless they ask for erasure.
KEPT_ANONYMOUS = {"consultations.Answer"}


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch: Any) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def person(client: Any, smtp_server: Any, settings: Any, tmp_path: Any, ward: Any, officer: Any) -> User:
    settings.ALERTS_SMS_FILE = str(tmp_path / "sms.jsonl")
    return make_person(client, ward, officer)


def apply_retention_at(moment: Any) -> str:
    out = io.StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("apply_retention", stdout=out)
    return out.getvalue()


def test_nothing_is_removed_before_its_time(person: User) -> None:
    before = traces(NEEDLES)
    apply_retention_at(timezone.now() + timedelta(days=30))
    assert traces(NEEDLES) == before


def test_records_past_their_period_are_deleted_or_lose_the_details(person: User) -> None:
    output = apply_retention_at(timezone.now() + timedelta(days=800))
    assert "priorities.issues: 2" in output

    assert {label for label, *_ in traces(NEEDLES)} <= KEPT_WHILE_CURRENT | KEPT_ANONYMOUS | {"core.AuditEntry"}
    issue = Issue.objects.get(description="Cars race down the road late at night.")
    assert issue.description and (issue.address, issue.postcode, issue.contact_email) == ("", "", "")
    assert not Question.objects.exists()
    assert not OutboundEmail.objects.filter(to=EMAIL).exists()
    assert not SmsOutbox.objects.exists()
    assert not Participant.objects.exists()
    assert not Response.objects.exclude(name="", email="").exists() and Response.objects.exists()
    assert not JoinRequest.objects.exists()
    # The membership is current, so it and its equality answers stay; the response's answers too (anonymous).
    assert Member.objects.filter(email=EMAIL).exists()
    assert Subject.objects.count() == 2
    assert AuditEntry.objects.filter(action="retention.applied").count() >= 6


def test_the_audit_log_goes_after_its_own_period(person: User) -> None:
    apply_retention_at(timezone.now() + timedelta(days=2200))
    assert {label for label, *_ in traces(NEEDLES)} <= KEPT_WHILE_CURRENT | KEPT_ANONYMOUS
    # Only what the retention run itself recorded (dated in the future it travelled to) is left.
    assert not AuditEntry.objects.filter(at__lt=timezone.now() + timedelta(days=1)).exists()


def test_ended_memberships_go_after_their_period(person: User) -> None:
    member = Member.objects.get(email=EMAIL)
    member.term_end = timezone.localdate()
    member.save()
    apply_retention_at(timezone.now() + timedelta(days=731))
    assert not Member.objects.filter(email=EMAIL).exists()
    assert Subject.objects.count() == 1  # only the anonymous consultation response's answers
