"""Personal data rights, proved end to end: a member of the public does everything the public can do, asks
for their data, then deletes their account. Afterwards no text, character or JSON column of any table holds
their name, email address, phone number, address or postcode; what must stay is pseudonymised."""

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import User
from accounts.tests.everything import EMAIL, NEEDLES, make_person, strings_in, traces, values_of
from core import registry
from core.models import AuditEntry
from equality.models import Answer as EqualityAnswer
from equality.models import Subject
from priorities.models import Issue


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch: Any) -> None:
    """The test's transaction never commits: run after-commit work (sending) straight away instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def sms_file(settings: Any, tmp_path: Any) -> Any:
    settings.ALERTS_SMS_FILE = str(tmp_path / "sms.jsonl")
    return tmp_path / "sms.jsonl"


@pytest.fixture
def person(client: Any, smtp_server: Any, sms_file: Any, ward: Any, officer: Any) -> User:
    return make_person(client, ward, officer)


def test_nothing_of_the_person_remains_after_they_delete_their_account(client: Any, person: User) -> None:
    before = {label for label, *_ in traces(NEEDLES)}
    # The inventory this test covers (if a new table starts holding personal data, it shows up here).
    assert {
        "accounts.User",
        "account.EmailAddress",
        "core.AuditEntry",
        "notifications.OutboundEmail",
        "priorities.Issue",
        "priorities.PanelVote",
        "alerts.Subscriber",
        "alerts.Delivery",
        "notifications.SmsOutbox",
        "alerts.Suppression",
        "alerts.Reply",
        "alerts.Question",
        "consultations.Response",
        "consultations.Answer",
        "groups.Member",
        "groups.JoinRequest",
        "feedback.Participant",
    } <= before
    subjects = Subject.objects.count()
    assert subjects == 3  # the consultation response, the membership, the pending request

    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302

    left = traces(NEEDLES)
    assert left == [], "\n".join(map(repr, left))
    assert not User.objects.filter(email__iexact=EMAIL).exists()
    assert not Subject.objects.exists() and not EqualityAnswer.objects.exists()


def test_records_that_must_stay_are_pseudonymised(client: Any, person: User, officer: Any) -> None:
    issue = Issue.objects.get(description="Cars race down the road late at night.")
    audited = AuditEntry.objects.filter(actor=person).count()
    assert audited >= 2  # joined the online panel, voted

    client.post(reverse("accounts:delete"), {"confirm": "on"})

    # The issue keeps its text and its ward, not who raised it or where they live.
    issue.refresh_from_db()
    assert issue.description == "Cars race down the road late at night."
    assert (issue.address, issue.postcode, issue.latitude, issue.longitude) == ("", "", None, None)
    assert (issue.contact_name, issue.contact_email, issue.contact_phone) == ("", "", "")
    # The audit log keeps what happened, under one opaque reference instead of the email address.
    erased = AuditEntry.objects.get(action="account.erased")
    reference = erased.changes["reference"]
    assert re.fullmatch(r"person-[0-9a-f]{16}", reference)
    assert erased.actor is None and erased.actor_label == reference
    assert AuditEntry.objects.filter(actor_label=reference).count() >= audited + 1
    # The officer's own entries are untouched.
    assert AuditEntry.objects.filter(actor=officer, actor_label=officer.email).exists()


def test_the_export_holds_every_record_the_erasure_removes(client: Any, person: User, officer: Any) -> None:
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    data = json.loads(response.content)
    exported = "\n".join(strings_in(data)).lower()
    missing = []
    for label, column, pk, value in traces(NEEDLES):
        for text in strings_in(value):
            if any(n.lower() in str(text).lower() for n in NEEDLES) and str(text).lower() not in exported:
                missing.append((label, column, pk, text))
    assert missing == []
    # Records with no link to the account are found by the person's contact details.
    heard = data["priorities_by_your_contact_details"]
    assert "Cars parked on the pavement." in [i["description"] for i in heard]
    assert data["alerts_by_your_contact_details"]["messages"][0]["message"] == "Panel meeting moved"
    # Staff who handled the person's records are not named to them.
    assert officer.email not in exported
    # Equality answers hold no name, so the scan cannot see them: the export shows them by question.
    equality = [answers for answers in values_of(data, "equality_answers") if answers]
    assert len(equality) == 3  # the consultation response, the membership, the pending request
    assert all(answers["What is your age?"] == "35 to 44" for answers in equality)


def test_erasure_is_all_or_nothing(client: Any, person: User, monkeypatch: Any) -> None:
    def broken(user: Any) -> int:
        raise RuntimeError("disk full")

    handlers = dict(registry.personal_data.handlers)
    monkeypatch.setattr(registry.personal_data, "handlers", handlers)
    registry.personal_data.add("zzz_broken", export=lambda user: [], erase=broken)
    with pytest.raises(RuntimeError):
        account_services.delete_account(person)
    assert User.objects.filter(pk=person.pk).exists()
    assert Issue.objects.filter(contact_email=EMAIL).exists()
    assert Subject.objects.count() == 3
    assert not AuditEntry.objects.filter(action="account.erased").exists()


def test_deleting_a_person_in_the_admin_is_the_same_erasure(client: Any, person: User) -> None:
    from accounts.tests.factories import UserFactory
    from conftest import enrol_totp

    admin = UserFactory(email="root@police.example.test", is_staff=True, is_superuser=True)
    enrol_totp(admin)
    client.force_login(admin)
    response = client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert not User.objects.filter(pk=person.pk).exists()
    left = traces(NEEDLES)
    assert left == [], "\n".join(map(repr, left))
    assert AuditEntry.objects.get(action="account.erased").note == "Deleted in the Django admin"
