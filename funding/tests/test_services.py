"""Money rules: no overspend of a round, no claim beyond an allocation, bounds on every amount, nothing
half-saved, every change audited."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, IntegrityError, transaction

from core.errors import NotAllowed, ServiceError
from core.models import AuditEntry
from funding import services
from funding.models import Allocation, Claim, Evaluation, Round

pytestmark = pytest.mark.django_db


def test_an_application_is_decided_within_the_budget(
    funder: Any, a_round: Round, lewisham_group: Any, lambeth_group: Any, today: date
) -> None:
    first = services.apply(
        funder, a_round, lewisham_group, project="Leaflets", summary="Translated leaflets", requested="700", today=today
    )
    second = services.apply(
        funder, a_round, lambeth_group, project="Surgeries", summary="Street surgeries", requested="400", today=today
    )
    assert first.borough == lewisham_group.borough
    services.decide(funder, first, allocate=True, amount="700.00", conditions="Quarterly returns")
    with pytest.raises(ServiceError) as refused:
        services.decide(funder, second, allocate=True, amount="300.01")
    assert refused.value.field == "amount" and "£300.00 left" in refused.value.message
    second.refresh_from_db()
    assert second.status == Allocation.Status.APPLIED and second.amount is None  # nothing half-saved
    services.decide(funder, second, allocate=True, amount="300.00")
    actions = list(AuditEntry.objects.filter(action__startswith="funding.").values_list("action", flat=True))
    assert actions.count("funding.applied") == 2 and actions.count("funding.decided") == 2


@pytest.mark.parametrize("amount", ["-5", "0", "0.001", "100000000", "1e9", "NaN", "Infinity", "abc", ""])
def test_bad_amounts_are_refused_naming_the_field(funder: Any, allocation: Allocation, amount: str) -> None:
    with pytest.raises(ServiceError) as refused:
        services.decide(funder, allocation, allocate=True, amount=amount)
    assert refused.value.field == "amount" and refused.value.status == 400


def test_claims_never_go_beyond_the_allocation(funder: Any, allocation: Allocation, today: date) -> None:
    services.add_claim(funder, allocation, kind="claim", amount="300", description="First half", spent_on=today)
    with pytest.raises(ServiceError) as refused:
        services.add_claim(funder, allocation, kind="claim", amount="200.01", description="Too much", spent_on=today)
    assert refused.value.field == "amount" and "£200.00" in refused.value.message
    assert allocation.claims.count() == 1
    rejected = allocation.claims.get()
    services.decide_claim(funder, rejected, accept=False)  # a rejected claim frees its amount
    services.add_claim(funder, allocation, kind="claim", amount="500", description="Whole", spent_on=today)
    with pytest.raises(ServiceError):  # an allocation cannot shrink below what is claimed
        services.decide(funder, allocation, allocate=True, amount="499.99")
    with pytest.raises(ServiceError):  # nor be declined once claimed against
        services.decide(funder, allocation, allocate=False)


def test_a_spend_return_needs_a_receipt_of_an_allowed_kind(funder: Any, allocation: Allocation, today: date) -> None:
    with pytest.raises(ServiceError) as refused:
        services.add_claim(funder, allocation, kind="return", amount="50", description="Hall hire", spent_on=today)
    assert refused.value.field == "receipt"
    script = SimpleUploadedFile("receipt.html", b"<script>alert(1)</script>", content_type="text/html")
    with pytest.raises(ServiceError):
        services.add_claim(
            funder, allocation, kind="return", amount="50", description="Hall hire", spent_on=today, receipt=script
        )
    pdf = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    claim = services.add_claim(
        funder, allocation, kind="return", amount="50", description="Hall hire", spent_on=today, receipt=pdf
    )
    assert claim.receipt.name.startswith("funding/receipts/")
    assert Claim.objects.count() == 1


def test_a_claim_on_an_application_not_yet_allocated_is_refused(
    funder: Any, a_round: Round, lewisham_group: Any, today: date
) -> None:
    applied = services.apply(funder, a_round, lewisham_group, project="P", summary="S", requested="10", today=today)
    with pytest.raises(ServiceError):
        services.add_claim(funder, applied, kind="claim", amount="5", description="Early", spent_on=today)


def test_a_round_closed_or_not_yet_open_takes_no_applications(
    funder: Any, a_round: Round, lewisham_group: Any, today: date
) -> None:
    with pytest.raises(ServiceError):
        services.apply(
            funder,
            a_round,
            lewisham_group,
            project="Late",
            summary="S",
            requested="10",
            today=a_round.closes_on + timedelta(days=1),
        )


def test_a_round_budget_cannot_drop_below_what_is_allocated(funder: Any, allocation: Allocation) -> None:
    r = allocation.round
    fields = {f: getattr(r, f) for f in services.ROUND_FIELDS}
    with pytest.raises(ServiceError) as refused:
        services.save_round(funder, r, **{**fields, "budget": Decimal("499.99")})
    assert refused.value.field == "budget"
    with pytest.raises(ServiceError):
        services.save_round(funder, r, **{**fields, "closes_on": r.opens_on - timedelta(days=1)})
    with pytest.raises(ServiceError):
        services.save_round(funder, r, **{**fields, "opens_on": date(1999, 1, 1)})
    services.save_round(funder, r, **{**fields, "budget": Decimal("500.00")})
    assert AuditEntry.objects.filter(action="funding.round_changed").count() == 1


def test_another_boroughs_manager_and_readers_cannot_change_funding(
    lambeth_funder: Any, reader: Any, allocation: Allocation, a_round: Round, lewisham_group: Any, today: date
) -> None:
    for who in (lambeth_funder, reader):
        with pytest.raises(NotAllowed):
            services.decide(who, allocation, allocate=True, amount="10")
        with pytest.raises(NotAllowed):
            services.add_claim(who, allocation, kind="claim", amount="10", description="x", spent_on=today)
        with pytest.raises(NotAllowed):
            services.apply(who, a_round, lewisham_group, project="P", summary="S", requested="1", today=today)
        with pytest.raises(NotAllowed):
            services.evaluate(who, allocation, verdict="met", outcomes="x", people_reached=1, lessons="")
    with pytest.raises(NotAllowed):  # a borough's manager does not open London's rounds
        services.save_round(lambeth_funder, None, **{f: getattr(a_round, f) for f in services.ROUND_FIELDS})


def test_an_evaluation_is_written_then_changed(lewisham_funder: Any, allocation: Allocation) -> None:
    services.evaluate(
        lewisham_funder, allocation, verdict="partly", outcomes="Two sessions", people_reached=40, lessons=""
    )
    services.evaluate(
        lewisham_funder, allocation, verdict="met", outcomes="Four sessions", people_reached=90, lessons=""
    )
    assert Evaluation.objects.get().people_reached == 90
    assert AuditEntry.objects.filter(action__in=["funding.evaluated", "funding.evaluation_changed"]).count() == 2


def test_the_database_refuses_negative_and_huge_amounts(allocation: Allocation) -> None:
    for value in (Decimal("-1"), Decimal("0"), Decimal("100000000")):
        # PostgreSQL refuses the huge one as too many digits before its check constraint; SQLite by the constraint.
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            Allocation.objects.filter(pk=allocation.pk).update(amount=value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(status="allocated", amount=None)
