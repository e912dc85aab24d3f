"""API v1: Funding, read-only, for funding managers, readers of everything and administrators (the pages' rules).

GET /api/v1/funding/rounds                              every round with its budget and what it has allocated
GET /api/v1/funding/rounds/{id}/allocations             the round's allocations the caller may read, with money drawn
"""

from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from core.api_caller import api_user
from core.api_paging import Paging, paginate
from core.bounds import Id
from core.errors import NotAllowed
from funding import permissions, queries
from funding.models import Allocation, Round

router = Router(tags=["Funding"])


class FundingRoundOut(Schema):
    id: int
    name: str
    kind: str
    purpose: str
    criteria: str
    budget: Decimal
    allocated: Decimal
    opens_on: date
    closes_on: date
    is_fictional: bool


class FundingAllocationOut(Schema):
    id: int
    round_id: int
    group: str
    group_slug: str
    borough: str | None
    project: str
    status: str
    requested: Decimal
    amount: Decimal | None
    conditions: str
    claimed: Decimal
    spent: Decimal
    evaluated: bool


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read(api_user(request)):
        raise NotAllowed("Only funding managers, the oversight body's readers and administrators read funding.")


@router.get("/rounds", response=list[FundingRoundOut])
@paginate(Paging)
def rounds(request: HttpRequest) -> list[FundingRoundOut]:
    _reader(request)
    qs = Round.objects.annotate(
        allocated=Sum(
            "allocations__amount", filter=Q(allocations__status=Allocation.Status.ALLOCATED), default=queries.ZERO
        )
    )
    return [FundingRoundOut.model_validate(r, from_attributes=True) for r in qs]


@router.get("/rounds/{round_id}/allocations", response=list[FundingAllocationOut])
@paginate(Paging)
def allocations(request: HttpRequest, round_id: Id) -> list[FundingAllocationOut]:
    _reader(request)
    round_ = get_object_or_404(Round, pk=round_id)
    qs = queries.with_money(permissions.readable_allocations(api_user(request)).filter(round=round_)).order_by("pk")
    return [
        FundingAllocationOut(
            id=a.pk,
            round_id=a.round_id,
            group=a.group.name,
            group_slug=a.group.slug,
            borough=a.borough.name if a.borough else None,
            project=a.project,
            status=a.status,
            requested=a.requested,
            amount=a.amount,
            conditions=a.conditions,
            claimed=a.claimed,  # type: ignore[attr-defined]
            spent=a.spent,  # type: ignore[attr-defined]
            evaluated=a.evaluated,  # type: ignore[attr-defined]
        )
        for a in qs
    ]
