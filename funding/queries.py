"""Reads: a round's totals, an allocation's money, the equitable spread by borough, the end-of-year report."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from funding.models import Allocation, Claim, Evaluation, Payment, Round
from groups import queries as group_queries
from places.models import Borough, CensusFigure

# The need indicator beside each borough's share: Census 2021 TS011 "Household deprivation", the share of
# households deprived in at least one of the four dimensions (employment, education, health and disability,
# housing), i.e. 100 less the share "not deprived in any dimension". Shipped in places/data.
NEED_TOPIC = "Household deprivation"
NEED_NOT_DEPRIVED = "Household is not deprived in any dimension"
NEED_LABEL = "Households deprived in at least one dimension (Census 2021, TS011)"
ZERO = Decimal(0)
PENNY = Decimal("0.01")


def pounds(value: Decimal | None) -> Decimal:
    """A sum as pounds and pence (SQLite's sums lose the trailing zeros: 125.5 becomes 125.50 again)."""
    return (value or ZERO).quantize(PENNY)


@dataclass
class RoundTotals:
    budget: Decimal
    allocated: Decimal
    requested: Decimal
    claimed: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.allocated


def paid_subquery() -> Coalesce:
    """What has been paid against the allocation of the outer query (a subquery: no join to multiply claims)."""
    total = (
        Payment.objects.filter(allocation=OuterRef("pk"))
        .order_by()
        .values("allocation")
        .annotate(t=Sum("amount"))
        .values("t")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(ZERO), output_field=money)


def with_money(qs: QuerySet[Allocation]) -> QuerySet[Allocation]:
    """Allocations with what accepted-or-pending claims and spend returns have drawn (`claimed`, `spent`), what
    claims were accepted (`accepted`) and what has been paid (`paid`)."""
    live = ~Q(claims__status=Claim.Status.REJECTED)
    return qs.annotate(
        claimed=Sum("claims__amount", filter=live & Q(claims__kind=Claim.Kind.CLAIM), default=ZERO),
        spent=Sum("claims__amount", filter=live & Q(claims__kind=Claim.Kind.RETURN), default=ZERO),
        accepted=Sum(
            "claims__amount",
            filter=Q(claims__status=Claim.Status.ACCEPTED, claims__kind=Claim.Kind.CLAIM),
            default=ZERO,
        ),
        paid=paid_subquery(),
        evaluated=Exists(Evaluation.objects.filter(allocation=OuterRef("pk"))),
    ).select_related("group", "borough", "round")


def totals(round_: Round, allocations: QuerySet[Allocation]) -> RoundTotals:
    """The round's budget and what was allocated in it overall; claims and spend of the allocations shown."""
    allocated = round_.allocations.filter(status=Allocation.Status.ALLOCATED).aggregate(t=Sum("amount"))["t"]
    claims = Claim.objects.filter(allocation__in=allocations).exclude(status=Claim.Status.REJECTED)
    return RoundTotals(
        budget=round_.budget,
        allocated=allocated or ZERO,
        requested=allocations.aggregate(t=Sum("requested"))["t"] or ZERO,
        claimed=claims.filter(kind=Claim.Kind.CLAIM).aggregate(t=Sum("amount"))["t"] or ZERO,
        spent=claims.filter(kind=Claim.Kind.RETURN).aggregate(t=Sum("amount"))["t"] or ZERO,
    )


def need_by_borough() -> dict[int, float]:
    rows = CensusFigure.objects.filter(
        topic=NEED_TOPIC, category=NEED_NOT_DEPRIVED, borough__isnull=False, ward__isnull=True
    ).values_list("borough_id", "value")
    return {b: round(100.0 - v, 1) for b, v in rows}


@dataclass
class SpreadRow:
    borough: Borough
    allocated: Decimal
    projects: int
    ward_panels: int
    need: float | None

    @property
    def per_thousand(self) -> Decimal | None:
        if not self.borough.population:
            return None
        return (self.allocated * 1000 / self.borough.population).quantize(Decimal("0.01"))

    @property
    def per_panel(self) -> Decimal | None:
        if not self.ward_panels:
            return None
        return (self.allocated / self.ward_panels).quantize(Decimal("0.01"))


@dataclass
class Spread:
    rows: list[SpreadRow]
    london_allocated: Decimal  # allocations to London-wide groups (no borough), shown to London-wide readers
    rounds: list[Round] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((r.allocated for r in self.rows), ZERO)


def spread(boroughs: QuerySet[Borough], allocations: QuerySet[Allocation], *, sees_london: bool) -> Spread:
    allocated = allocations.filter(status=Allocation.Status.ALLOCATED)
    by_borough: dict[int | None, tuple[Decimal, int]] = {
        r["borough_id"]: (r["total"], r["n"])
        for r in allocated.values("borough_id").annotate(total=Sum("amount"), n=Count("pk"))
    }
    panels = group_queries.ward_panel_counts()
    need = need_by_borough()
    rows = [
        SpreadRow(
            borough=b,
            allocated=by_borough.get(b.pk, (ZERO, 0))[0],
            projects=by_borough.get(b.pk, (ZERO, 0))[1],
            ward_panels=panels.get(b.pk, 0),
            need=need.get(b.pk),
        )
        for b in boroughs.order_by("name")
    ]
    london = by_borough.get(None, (ZERO, 0))[0] if sees_london else ZERO
    return Spread(rows=rows, london_allocated=london)


def report_rows(allocations: QuerySet[Allocation]) -> list[Allocation]:
    """Every decided allocation with its money and evaluation, for the end-of-year report."""
    return list(
        with_money(allocations.filter(status=Allocation.Status.ALLOCATED))
        .select_related("evaluation")
        .order_by("round__opens_on", "borough__name", "project")
    )


def plan_action_notes(action_ids: set[int]) -> dict[int, list[str]]:
    """For the plans' board report: what funding rounds spending an action's budget have allocated."""
    notes: dict[int, list[str]] = {}
    rounds = (
        Round.objects.filter(plan_action_id__in=action_ids)
        .annotate(
            allocated=Sum(
                "allocations__amount", filter=Q(allocations__status=Allocation.Status.ALLOCATED), default=ZERO
            ),
            funded=Count("allocations", filter=Q(allocations__status=Allocation.Status.ALLOCATED)),
        )
        .order_by("opens_on")
    )
    for r in rounds:
        text = (
            f"Funding round “{r.name}”: £{r.allocated:,.2f} allocated to {r.funded} project(s) "
            f"of a £{r.budget:,.2f} budget"
        )
        notes.setdefault(r.plan_action_id or 0, []).append(text)
    return notes


def any_fictional(rounds: Any) -> bool:
    return any(r.is_fictional for r in rounds)
