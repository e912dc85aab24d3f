"""The payment ledger: payments against an allocation never beyond it, audited; balances per allocation, round and
borough; in the end-of-year report and its downloads; only to readers of the allocation."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.errors import NotAllowed, ServiceError
from core.models import AuditEntry
from funding import ledger, services
from funding.models import Allocation, Payment

pytestmark = pytest.mark.django_db


def _pay(client: Any, allocation: Allocation, amount: str, today: date, reference: str = "BACS-0001") -> Any:
    return client.post(
        reverse("funding:record_payment", args=[allocation.pk]),
        {
            "payment-amount": amount,
            "payment-paid_on_day": str(today.day),
            "payment-paid_on_month": str(today.month),
            "payment-paid_on_year": str(today.year),
            "payment-reference": reference,
        },
    )


def test_staff_record_a_payment_and_it_is_audited(client: Any, funder: Any, allocation: Allocation, today: date):
    client.force_login(funder)
    response = _pay(client, allocation, "300.00", today)
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount == Decimal("300.00") and payment.recorded_by == funder
    entry = AuditEntry.objects.get(action="funding.payment_recorded")
    assert entry.changes["reference"] == "BACS-0001"
    page = client.get(allocation.get_absolute_url()).content.decode()
    assert "BACS-0001" in page and "£200.00 left to pay" in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("500.01", "more than the £500.00 of this allocation not yet paid"),
        ("-1", "must be more than £0"),
        ("0", "must be more than £0"),
        ("1e9", "at most"),
        ("12.345", "whole pence"),
        ("lots", "give an amount in pounds"),
    ],
)
def test_overpaying_and_bad_amounts_are_refused(
    client: Any, funder: Any, allocation: Allocation, today: date, amount: str, message: str
) -> None:
    client.force_login(funder)
    response = _pay(client, allocation, amount, today)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Payment.objects.exists()


def test_payments_together_never_exceed_the_allocation(funder: Any, allocation: Allocation, today: date) -> None:
    services.record_payment(funder, allocation, amount="450", paid_on=today, reference="A")
    with pytest.raises(ServiceError, match="£50.00 of this allocation not yet paid"):
        services.record_payment(funder, allocation, amount="50.01", paid_on=today, reference="B")
    services.record_payment(funder, allocation, amount="50", paid_on=today, reference="B")
    with pytest.raises(ServiceError, match="cannot be less than the £500.00 already claimed, spent or paid"):
        services.decide(funder, allocation, allocate=True, amount="499")
    with pytest.raises(ServiceError, match="cannot be declined"):
        services.decide(funder, allocation, allocate=False)
    with pytest.raises(ServiceError, match="reference"):
        services.record_payment(funder, allocation, amount="1", paid_on=today, reference="  ")


def test_an_application_not_allocated_cannot_be_paid(funder: Any, allocation: Allocation, today: date) -> None:
    allocation.status, allocation.amount = Allocation.Status.APPLIED, None
    allocation.save()
    with pytest.raises(ServiceError, match="only against an allocation"):
        services.record_payment(funder, allocation, amount="1", paid_on=today, reference="A")


def test_another_boroughs_manager_and_readers_cannot_pay(
    client: Any, lambeth_funder: Any, reader: Any, allocation: Allocation, today: date
) -> None:
    with pytest.raises(NotAllowed):
        services.record_payment(lambeth_funder, allocation, amount="1", paid_on=today, reference="A")
    client.force_login(lambeth_funder)
    assert _pay(client, allocation, "1", today).status_code == 404
    client.force_login(reader)
    assert _pay(client, allocation, "1", today).status_code == 403
    assert not Payment.objects.exists()


def test_balances_per_allocation_round_and_borough(
    funder: Any, allocation: Allocation, lambeth_group: Any, today: date
) -> None:
    other = services.apply(
        funder, allocation.round, lambeth_group, project="Lambeth walks", summary="S", requested="100", today=today
    )
    services.decide(funder, other, allocate=True, amount="100")
    services.record_payment(funder, allocation, amount="200", paid_on=today, reference="A")
    services.record_payment(funder, allocation, amount="100", paid_on=today, reference="B")
    claim = services.add_claim(funder, allocation, kind="claim", amount="250", description="Hall", spent_on=today)
    services.decide_claim(funder, claim, accept=True)
    services.add_claim(funder, allocation, kind="claim", amount="20", description="Tea", spent_on=today)
    book = ledger.ledger(Allocation.objects.all())
    assert book.total.allocated == Decimal("600.00") and book.total.paid == Decimal("300.00")
    assert book.total.to_pay == Decimal("300.00")
    assert [(b.label, b.paid, b.claimed, b.accepted) for b in book.by_borough] == [
        ("Lambeth", Decimal(0), Decimal(0), Decimal(0)),
        ("Lewisham", Decimal("300.00"), Decimal("270.00"), Decimal("250.00")),
    ]
    assert [(b.label, b.allocated, b.allocations) for b in book.by_round] == [
        (allocation.round.name, Decimal("600.00"), 2)
    ]


def test_the_ledger_page_report_and_downloads_show_payments(
    client: Any, funder: Any, lewisham_funder: Any, allocation: Allocation, lambeth_group: Any, today: date
) -> None:
    other = services.apply(
        funder, allocation.round, lambeth_group, project="Lambeth walks", summary="S", requested="100", today=today
    )
    services.decide(funder, other, allocate=True, amount="100")
    services.record_payment(funder, allocation, amount="125.50", paid_on=today, reference="=HYPERLINK(1)")
    services.record_payment(funder, other, amount="40", paid_on=today, reference="LAM-1")
    client.force_login(funder)
    page = client.get(reverse("funding:ledger")).content.decode()
    assert "£125.50" in page and "=HYPERLINK(1)" in page and "LAM-1" in page
    assert "?borough=" in page and "?round=" in page
    report = client.get(reverse("funding:report")).content.decode()
    assert "£165.50" in report and reverse("funding:ledger") in report
    csv = client.get(reverse("funding:payments_csv")).content.decode()
    assert "'=HYPERLINK(1)" in csv and "LAM-1" in csv
    workbook = load_workbook(io.BytesIO(client.get(reverse("funding:balances_xlsx")).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == tuple(ledger.BALANCE_COLUMNS) and len(rows) == 3
    report_csv = client.get(reverse("funding:report_csv")).content.decode().splitlines()
    assert "Paid (£)" in report_csv[0] and "125.50" in report_csv[1] + report_csv[2]
    assert client.get(reverse("funding:report_pdf")).status_code == 200
    # A borough's manager sees only their borough's payments.
    client.force_login(lewisham_funder)
    page = client.get(reverse("funding:ledger")).content.decode()
    assert "£125.50" in page and "LAM-1" not in page
    assert "LAM-1" not in client.get(reverse("funding:payments_csv")).content.decode()
    assert client.get(reverse("funding:ledger") + "?borough=E09000022").status_code == 404
    assert client.get(reverse("funding:ledger") + "?round=99999999999999").status_code == 404
    assert client.get(reverse("funding:ledger") + "?page=-3").status_code == 200
