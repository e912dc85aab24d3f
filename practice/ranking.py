"""The quarterly Top 10: cases ranked by cost-effectiveness.

Cost per person reached (the case's cost over the people it reached: from the register, each activity's
recorded attendance, else its group's minutes, else its reach) ranks first;
ties are broken by cost per outcome, then by the larger reach. A case whose cost is unknown, or that reached
nobody, cannot be ranked and is listed apart with the reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PENNY = Decimal("0.01")
TOP = 10


@dataclass(frozen=True)
class Ranked:
    case: Any
    cost_per_person: Decimal
    cost_per_outcome: Decimal


def _per(cost: Decimal, n: int) -> Decimal:
    return (cost / n).quantize(PENNY, rounding=ROUND_HALF_UP)


def rank(cases: Iterable[Any]) -> tuple[list[Ranked], list[tuple[Any, str]]]:
    """Every rankable case, best first, and those that cannot be ranked with why."""
    ranked, apart = [], []
    for case in cases:
        if case.cost is None:
            apart.append((case, "No cost recorded"))
        elif not case.reach:
            apart.append((case, "No people reached recorded"))
        else:
            cost = Decimal(case.cost)
            ranked.append(Ranked(case, _per(cost, case.reach), _per(cost, max(case.outcomes, 1))))
    ranked.sort(key=lambda r: (r.cost_per_person, r.cost_per_outcome, -r.case.reach, r.case.pk))
    return ranked, apart


def top(cases: Iterable[Any]) -> list[Ranked]:
    return rank(cases)[0][:TOP]
