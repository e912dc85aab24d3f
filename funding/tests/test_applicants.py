"""The group side: a group's own officer applies to an open round, follows the decision and its conditions, sends
claims and spend returns with receipts; never sees another group's application, never decides or pays."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import NotAllowed
from core.models import AuditEntry
from funding import services
from funding.models import Allocation, Claim, Round
from groups.models import CommunityGroup
from organisations.models import Role

pytestmark = pytest.mark.django_db


def _apply_form(group: CommunityGroup, **extra: str) -> dict[str, Any]:
    return {
        "group": str(group.pk),
        "project": "Youth listening sessions",
        "summary": "Four sessions with young people in Catford.",
        "requested": "400.00",
        **extra,
    }


def test_a_group_officer_applies_for_their_own_group(
    client: Any, group_officer: Any, a_round: Round, lewisham_group: CommunityGroup
) -> None:
    client.force_login(group_officer)
    assert client.get(reverse("funding:index"))["Location"] == reverse("funding:mine")
    page = client.get(reverse("funding:mine")).content.decode()
    assert f"Apply to {a_round.name}" in page and lewisham_group.name in page
    response = client.post(reverse("funding:apply", args=[a_round.pk]), _apply_form(lewisham_group))
    allocation = Allocation.objects.get()
    assert response.status_code == 302 and response["Location"] == allocation.get_absolute_url()
    assert allocation.applied_by == group_officer and allocation.status == Allocation.Status.APPLIED
    assert AuditEntry.objects.filter(action="funding.applied", actor=group_officer).exists()
    page = client.get(allocation.get_absolute_url()).content.decode()
    assert "Applied" in page and "Decide the application" not in page
    assert "Youth listening sessions" in client.get(reverse("funding:mine")).content.decode()


def test_a_group_officer_cannot_apply_for_another_group(
    client: Any, group_officer: Any, a_round: Round, lambeth_group: CommunityGroup, today: date
) -> None:
    client.force_login(group_officer)
    response = client.post(reverse("funding:apply", args=[a_round.pk]), _apply_form(lambeth_group))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    with pytest.raises(NotAllowed):
        services.apply(group_officer, a_round, lambeth_group, project="P", summary="S", requested="10", today=today)
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("requested", ["-5", "0", "99999999999", "abc", "1000.01"])
def test_bad_amounts_are_refused_with_a_clear_message(
    client: Any, group_officer: Any, a_round: Round, lewisham_group: CommunityGroup, requested: str
) -> None:
    client.force_login(group_officer)
    response = client.post(
        reverse("funding:apply", args=[a_round.pk]), _apply_form(lewisham_group, requested=requested)
    )
    assert response.status_code == 400 and "Amount requested" in response.content.decode()
    assert not Allocation.objects.exists()


def test_a_closed_round_takes_no_application(
    client: Any, group_officer: Any, a_round: Round, lewisham_group: CommunityGroup, today: date
) -> None:
    a_round.closes_on = today - timedelta(days=1)
    a_round.save()
    client.force_login(group_officer)
    assert "not taking applications" in client.get(reverse("funding:apply", args=[a_round.pk])).content.decode()
    response = client.post(reverse("funding:apply", args=[a_round.pk]), _apply_form(lewisham_group))
    assert response.status_code == 403 and not Allocation.objects.exists()


def test_the_group_sees_the_decision_and_sends_a_spend_return(
    client: Any, group_officer: Any, funder: Any, allocation: Allocation, today: date
) -> None:
    allocation.conditions = "Publish a short report <b>in the hall</b>."
    allocation.save()
    client.force_login(group_officer)
    page = client.get(allocation.get_absolute_url()).content.decode()
    assert "Allocated" in page and "Publish a short report &lt;b&gt;in the hall&lt;/b&gt;." in page
    assert "Record a payment" not in page and "Write the evaluation report" not in page
    receipt = SimpleUploadedFile("hall.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    response = client.post(
        reverse("funding:add_claim", args=[allocation.pk]),
        {
            "claim-kind": "return",
            "claim-amount": "120.00",
            "claim-description": "Hall hire",
            "claim-spent_on_day": str(today.day),
            "claim-spent_on_month": str(today.month),
            "claim-spent_on_year": str(today.year),
            "claim-receipt": receipt,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get()
    assert claim.submitted_by == group_officer and claim.status == Claim.Status.SUBMITTED
    assert client.get(reverse("funding:receipt", args=[allocation.pk, claim.pk])).status_code == 200
    # Deciding the return and paying are the staff's.
    decide = reverse("funding:decide_claim", args=[allocation.pk, claim.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    pay = reverse("funding:record_payment", args=[allocation.pk])
    assert client.post(pay, {"payment-amount": "10", "payment-reference": "X"}).status_code == 403
    assert client.post(reverse("funding:decide", args=[allocation.pk]), {}).status_code == 403
    assert client.post(reverse("funding:evaluate", args=[allocation.pk]), {}).status_code == 403


def test_a_group_officer_never_sees_another_groups_application(
    client: Any, group_officer: Any, funder: Any, a_round: Round, lambeth_group: CommunityGroup, today: date
) -> None:
    theirs = services.apply(funder, a_round, lambeth_group, project="Other", summary="S", requested="10", today=today)
    services.decide(funder, theirs, allocate=True, amount="10")
    receipt = SimpleUploadedFile("r.pdf", b"%PDF-1.4", content_type="application/pdf")
    claim = services.add_claim(
        funder, theirs, kind="return", amount="5", description="D", spent_on=today, receipt=receipt
    )
    client.force_login(group_officer)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("funding:receipt", args=[theirs.pk, claim.pk])).status_code == 404
    response = client.post(
        reverse("funding:add_claim", args=[theirs.pk]),
        {"claim-kind": "claim", "claim-amount": "1", "claim-description": "D"},
    )
    assert response.status_code == 404
    assert "Other" not in client.get(reverse("funding:mine")).content.decode()
    for name in ("round", "report", "spread", "ledger", "report_csv", "payments_csv"):
        args = [a_round.pk] if name == "round" else []
        assert client.get(reverse(f"funding:{name}", args=args)).status_code == 403, name
    assert client.get("/api/v1/funding/rounds").status_code == 403
    assert Claim.objects.count() == 1


def test_staff_without_the_group_role_do_not_get_the_group_pages(client: Any, officer: Any, a_round: Round) -> None:
    client.force_login(officer)
    assert client.get(reverse("funding:mine")).status_code == 403
    assert client.get(reverse("funding:apply", args=[a_round.pk])).status_code == 403


def test_a_group_officer_without_groups_is_told_so(client: Any, make_staff: Any, a_round: Round) -> None:
    lonely = make_staff(Role.GROUP_OFFICER, email="lonely@example.test")
    client.force_login(lonely)
    assert "does not manage a group" in client.get(reverse("funding:apply", args=[a_round.pk])).content.decode()
