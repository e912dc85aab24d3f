"""A clearly fictional demonstration round: "(fictional demonstration round)" in its name and `is_fictional`
set, so every page showing it says so. Its allocations go to the demo's borough engagement groups (named after
their real boroughs); amounts, claims, payments and evaluations are invented. Idempotent: a second run changes
nothing."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from funding.models import Allocation, Claim, Evaluation, Payment, Round
from groups.models import CommunityGroup

NAME = "Community engagement fund (fictional demonstration round)"
PROJECTS = [
    ("Street surgeries with young people", Decimal("12500.00"), Decimal("11000.00")),
    ("Translated ward panel leaflets", Decimal("4800.00"), Decimal("4800.00")),
    ("Stop and search awareness sessions", Decimal("9000.00"), None),
]


@transaction.atomic
def load(stdout: Any) -> None:
    if Round.objects.filter(name=NAME).exists():
        return
    today = timezone.localdate()
    round_ = Round.objects.create(
        name=NAME,
        kind=Round.Kind.BOROUGH_GROUPS,
        purpose="Fictional: grants to borough engagement groups for projects that widen local engagement.",
        criteria="Fictional: reaches people the borough rarely hears from; reports back to the group; "
        "spends within the year.",
        budget=Decimal("940000.00"),
        opens_on=today - timedelta(days=120),
        closes_on=today + timedelta(days=60),
        is_fictional=True,
    )
    groups = list(
        CommunityGroup.objects.filter(kind=CommunityGroup.Kind.BOROUGH_GROUP, is_active=True).order_by("name")[:6]
    )
    for i, group in enumerate(groups):
        project, requested, amount = PROJECTS[i % len(PROJECTS)]
        allocation = Allocation.objects.create(
            round=round_,
            group=group,
            borough_id=group.borough_id,
            project=project,
            summary=f"Fictional demonstration project of {group.name}.",
            requested=requested,
            amount=amount,
            status=Allocation.Status.ALLOCATED if amount else Allocation.Status.APPLIED,
            conditions="Fictional: a spend return with receipts each quarter." if amount else "",
            decided_at=timezone.now() if amount else None,
        )
        if amount and i % 2 == 0:
            Claim.objects.create(
                allocation=allocation,
                amount=amount / 2,
                description="Fictional: first half of the grant",
                spent_on=today - timedelta(days=30),
                status=Claim.Status.ACCEPTED,
            )
            Payment.objects.create(
                allocation=allocation,
                amount=amount / 2,
                paid_on=today - timedelta(days=20),
                reference=f"FICTIONAL-{i + 1:03d}",
            )
            Evaluation.objects.create(
                allocation=allocation,
                verdict=Evaluation.Verdict.PARTLY,
                outcomes="Fictional: sessions held in three wards; fewer young people than hoped came to the first.",
                people_reached=140 + i * 10,
            )
    stdout.write(f"Funding: a fictional demonstration round with {len(groups)} applications.\n")
