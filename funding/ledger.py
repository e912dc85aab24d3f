"""The payment ledger's reads: money allocated, paid, claimed, accepted and spent per allocation, per round and per
borough, and the payments themselves (newest first)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from funding.models import Allocation, Payment
from funding.queries import ZERO, pounds, with_money

BALANCE_COLUMNS = [
    "Round",
    "Borough",
    "Group",
    "Project",
    "Allocated (£)",
    "Paid (£)",
    "Left to pay (£)",
    "Claimed (£)",
    "Claims accepted (£)",
    "Spent (£)",
]
PAYMENT_COLUMNS = ["Date paid", "Reference", "Amount (£)", "Round", "Borough", "Group", "Project"]


@dataclass
class Balance:
    """The money of one round, one borough or all of them together."""

    label: str
    key: str = ""  # the round's id or the borough's code, for a link to its own ledger
    allocations: int = 0
    allocated: Decimal = ZERO
    paid: Decimal = ZERO
    claimed: Decimal = ZERO
    accepted: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def to_pay(self) -> Decimal:
        return self.allocated - self.paid

    def add(self, a: Any) -> None:
        self.allocations += 1
        self.allocated += a.amount or ZERO
        self.paid += a.paid
        self.claimed += a.claimed
        self.accepted += a.accepted
        self.spent += a.spent


@dataclass
class Ledger:
    rows: list[Allocation]
    by_round: list[Balance]
    by_borough: list[Balance]
    total: Balance


def ledger(allocations: QuerySet[Allocation]) -> Ledger:
    """Balances of the allocations decided to be funded among `allocations` (a reader's own)."""
    rows = list(
        with_money(allocations.filter(status=Allocation.Status.ALLOCATED)).order_by(
            "-round__opens_on", "round__name", "borough__name", "project"
        )
    )
    rounds: dict[int, Balance] = {}
    boroughs: dict[str, Balance] = {}
    total = Balance("All")
    for a in rows:
        a.to_pay = (a.amount or ZERO) - a.paid  # type: ignore[attr-defined]
        rounds.setdefault(a.round_id, Balance(a.round.name, str(a.round_id))).add(a)
        code = a.borough.code if a.borough else ""
        boroughs.setdefault(code, Balance(a.borough.name if a.borough else "London-wide", code)).add(a)
        total.add(a)
    by_borough = sorted(boroughs.values(), key=lambda b: (not b.key, b.label))
    return Ledger(rows=rows, by_round=list(rounds.values()), by_borough=by_borough, total=total)


def payments(allocations: QuerySet[Allocation]) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(allocation__in=allocations)
        .select_related("allocation__round", "allocation__group", "allocation__borough")
        .order_by("-paid_on", "-pk")
    )


def balance_rows(rows: Iterable[Any]) -> Iterable[list[Any]]:
    for a in rows:
        yield [
            a.round.name,
            a.borough.name if a.borough else "London-wide",
            a.group.name,
            a.project,
            a.amount,
            pounds(a.paid),
            pounds(a.to_pay),
            pounds(a.claimed),
            pounds(a.accepted),
            pounds(a.spent),
        ]


def payment_rows(payments: Iterable[Payment]) -> Iterable[list[Any]]:
    for p in payments:
        a = p.allocation
        yield [
            p.paid_on.isoformat(),
            p.reference,
            p.amount,
            a.round.name,
            a.borough.name if a.borough else "London-wide",
            a.group.name,
            a.project,
        ]
