"""Personal data rights for people without an account: someone who did every public thing without one asks
for a link by email, sees and downloads what is held, and erases it; afterwards no text, character or JSON
column of any table holds their name, email address, phone number, address or postcode."""

import json
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.tests.everything import EMAIL, NEEDLES, make_person_without_account, strings_in, traces
from core.models import AuditEntry
from equality.models import Answer as EqualityAnswer
from equality.models import Subject
from notifications.models import OutboundEmail
from priorities.models import Issue

START = reverse("accounts:your_data")


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch: Any) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def someone(client: Any, smtp_server: Any, settings: Any, tmp_path: Any, ward: Any, officer: Any) -> None:
    settings.ALERTS_SMS_FILE = str(tmp_path / "sms.jsonl")
    make_person_without_account(client, ward, officer)


def _link(email: str = EMAIL) -> str:
    sent = OutboundEmail.objects.filter(to=email, reason="accounts.your_data_link").latest("pk")
    found = re.search(r"https?://\S+/account/your-data/(\S+)/", sent.text)
    assert found is not None, sent.text
    return reverse("accounts:your_data_link", args=[found.group(1)])


def test_asking_says_the_same_whether_or_not_the_address_is_known(client: Any, someone: None) -> None:
    known = client.post(START, {"email": EMAIL})
    unknown = client.post(START, {"email": "never.seen@example.test"})
    assert known.status_code == unknown.status_code == 200
    assert known.content.decode().replace(EMAIL, "X") == unknown.content.decode().replace(
        "never.seen@example.test", "X"
    )
    # Both get an email; only the owner of the address learns from it whether anything is held.
    assert OutboundEmail.objects.filter(to="never.seen@example.test", reason="accounts.your_data_link").exists()


def test_a_bad_address_is_refused_with_a_400_naming_the_field(client: Any, db: Any) -> None:
    response = client.post(START, {"email": "not an address"})
    assert response.status_code == 400
    assert "Email address" in response.content.decode() and "govuk-error-summary" in response.content.decode()


def test_the_link_shows_and_downloads_every_record_the_erasure_removes(client: Any, someone: None) -> None:
    client.post(START, {"email": EMAIL})
    page = client.get(_link())
    assert page.status_code == 200
    assert "Cars race down the road late at night." in page.content.decode()
    download = client.get(_link() + "data.json")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    data = json.loads(download.content)
    exported = "\n".join(strings_in(data)).lower()
    missing = []
    for label, column, pk, value in traces(NEEDLES):
        if label == "notifications.OutboundEmail":
            continue  # the link's own email is sent after the export is read
        for text in strings_in(value):
            if any(n.lower() in str(text).lower() for n in NEEDLES) and str(text).lower() not in exported:
                missing.append((label, column, pk, text))
    assert missing == []
    # Found by the phone number a record under the email holds: the problem an officer noted, the network.
    assert "Cars parked on the pavement." in [i["description"] for i in data["priorities_by_your_contact_details"]]


def test_nothing_of_them_remains_after_they_erase_it(client: Any, someone: None) -> None:
    before = {label for label, *_ in traces(NEEDLES)}
    assert {
        "notifications.OutboundEmail",
        "priorities.Issue",
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
    assert Subject.objects.count() == 3  # the consultation response, the membership, the pending request
    client.post(START, {"email": EMAIL})
    erase = _link() + "erase/"
    assert client.get(erase).status_code == 200
    assert client.post(erase, {}).status_code == 400  # not confirmed: nothing erased
    assert traces(NEEDLES)
    response = client.post(erase, {"confirm": "on"})
    assert response.status_code == 200 and "has been erased" in response.content.decode()

    left = traces(NEEDLES)
    assert left == [], "\n".join(map(repr, left))
    assert not Subject.objects.exists() and not EqualityAnswer.objects.exists()
    # What must stay stays, without them: the ward's record of the problem, the log under a reference.
    assert Issue.objects.filter(description="Cars race down the road late at night.", contact_email="").exists()
    erased = AuditEntry.objects.get(action="personal_data.erased")
    assert re.fullmatch(r"person-[0-9a-f]{16}", erased.actor_label)


def test_a_forged_or_old_link_is_refused(client: Any, db: Any) -> None:
    forged = reverse("accounts:your_data_link", args=["not-a-signed-token"])
    assert client.get(forged).status_code == 410
    token = account_services.your_data_token(EMAIL)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get(reverse("accounts:your_data_link", args=[token])).status_code == 410
        assert client.post(reverse("accounts:your_data_erase", args=[token]), {"confirm": "on"}).status_code == 410


def test_links_are_rate_limited_per_address_and_per_client(client: Any, db: Any) -> None:
    for _ in range(5):
        assert client.post(START, {"email": "flooded@example.test"}).status_code == 200
    # The address's owner gets a few links a day, however often someone asks; the page does not say so.
    assert OutboundEmail.objects.filter(to="flooded@example.test").count() == 3
    for n in range(5):
        client.post(START, {"email": f"other{n}@example.test"})
    assert client.post(START, {"email": "last@example.test"}).status_code == 429
