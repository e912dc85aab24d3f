"""Writes: rounds, applications and decisions, claims and spend returns, payments, evaluations. Each checks its
rule, runs in one transaction with its audit entry, and refuses money that would overspend or overpay (ServiceError,
nothing saved). A group's own officers apply and send claims and returns for their groups; staff decide and pay.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core import audit, bounds
from core.errors import NotAllowed, ServiceError
from funding import permissions
from funding.models import (
    MAX_MONEY,
    MAX_RECEIPT_BYTES,
    PENNY,
    RECEIPT_TYPES,
    Allocation,
    Claim,
    Evaluation,
    Payment,
    Round,
)
from groups.models import CommunityGroup

ROUND_FIELDS = ["name", "kind", "purpose", "criteria", "budget", "opens_on", "closes_on", "plan_action"]


def money(value: Any, field: str, label: str) -> Decimal:
    """A positive amount in pounds and pence, at most MAX_MONEY; anything else is refused naming the field."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"{label}: give an amount in pounds, like 1250.00.", field=field) from None
    if not amount.is_finite() or amount != amount.quantize(PENNY):
        raise ServiceError(f"{label}: give an amount in pounds and whole pence.", field=field)
    if amount < PENNY:
        raise ServiceError(f"{label} must be more than £0.", field=field)
    if amount > MAX_MONEY:
        raise ServiceError(f"{label} must be at most £{MAX_MONEY:,}.", field=field)
    return amount.quantize(PENNY)


def within_dates(value: date, field: str, label: str) -> date:
    if not bounds.EARLIEST_DATE <= value <= bounds.LATEST_DATE:
        raise ServiceError(f"{label}: give a date {bounds.DATE_RANGE}.", field=field)
    return value


def _sum(qs: Any, field: str = "amount") -> Decimal:
    total: Decimal | None = qs.aggregate(total=Sum(field))["total"]
    return (total or Decimal(0)).quantize(PENNY)


def allocated_in(round_: Round, *, excluding: int | None = None) -> Decimal:
    qs = round_.allocations.filter(status=Allocation.Status.ALLOCATED)
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return _sum(qs)


def drawn(allocation: Allocation, kind: str) -> Decimal:
    """What claims (or spend returns) not rejected have drawn on an allocation."""
    return _sum(allocation.claims.filter(kind=kind).exclude(status=Claim.Status.REJECTED))


def paid(allocation: Allocation) -> Decimal:
    """What has been paid to the group against an allocation."""
    return _sum(allocation.payments.all())


def save_round(by: Any, round_: Round | None, **fields: Any) -> Round:
    if not permissions.runs_rounds(by):
        raise NotAllowed("Only London-wide funding managers open and change funding rounds.")
    fields["budget"] = money(fields.get("budget"), "budget", "Budget")
    within_dates(fields["opens_on"], "opens_on", "Opens")
    within_dates(fields["closes_on"], "closes_on", "Closes")
    if fields["closes_on"] < fields["opens_on"]:
        raise ServiceError("The closing date must not be before the opening date.", field="closes_on")
    with transaction.atomic():
        if round_ is None:
            round_ = Round.objects.create(**fields)
            audit.log(by, "funding.round_opened", round_, changes=audit.snapshot(round_, ROUND_FIELDS))
            return round_
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        committed = allocated_in(round_)
        if fields["budget"] < committed:
            raise ServiceError(
                f"The budget cannot be less than the £{committed:,} already allocated in this round.", field="budget"
            )
        before = audit.snapshot(round_, ROUND_FIELDS)
        for name, value in fields.items():
            setattr(round_, name, value)
        round_.save()
        audit.log(by, "funding.round_changed", round_, changes=audit.diff(before, audit.snapshot(round_, ROUND_FIELDS)))
    return round_


def group_borough_id(group: CommunityGroup) -> int | None:
    if group.borough_id:
        return group.borough_id
    if group.ward_id and group.ward:
        return group.ward.borough_id
    return None


def apply(
    by: Any, round_: Round, group: CommunityGroup, *, project: str, summary: str, requested: Any, today: date
) -> Allocation:
    borough_id = group_borough_id(group)
    own_group = permissions.applicant_groups(by).filter(pk=group.pk).exists()
    if not (own_group or permissions.can_manage_in(by, borough_id)):
        raise NotAllowed("You may apply only for your own groups, or for groups in your own area.", field="group")
    if not round_.opens_on <= today <= round_.closes_on:
        raise ServiceError(
            f"This round takes applications from {round_.opens_on:%-d %B %Y} to {round_.closes_on:%-d %B %Y}.",
            field="project",
        )
    amount = money(requested, "requested", "Amount requested")
    if amount > round_.budget:
        raise ServiceError(
            f"Amount requested is more than the round's whole budget (£{round_.budget:,}).", field="requested"
        )
    project = project.strip()
    if not project:
        raise ServiceError("Give the project's name.", field="project")
    with transaction.atomic():
        if Allocation.objects.filter(round=round_, group=group, project=project).exists():
            raise ServiceError(
                "This group has already applied for a project of that name in this round.", field="project"
            )
        allocation = Allocation.objects.create(
            round=round_,
            group=group,
            borough_id=borough_id,
            project=project,
            summary=summary,
            requested=amount,
            applied_by=by,
        )
        audit.log(by, "funding.applied", allocation, changes={"round": round_.name, "requested": amount})
    return allocation


def decide(by: Any, allocation: Allocation, *, allocate: bool, amount: Any = None, conditions: str = "") -> Allocation:
    if not permissions.can_manage(by, allocation):
        raise NotAllowed("You may decide only applications from groups in your own area.")
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=allocation.round_id)
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        given = max(drawn(allocation, Claim.Kind.CLAIM), drawn(allocation, Claim.Kind.RETURN), paid(allocation))
        before = audit.snapshot(allocation, ["status", "amount", "conditions"])
        if allocate:
            value = money(amount, "amount", "Amount allocated")
            remaining = round_.budget - allocated_in(round_, excluding=allocation.pk)
            if value > remaining:
                raise ServiceError(
                    f"Amount allocated is more than the £{remaining:,} left in this round's budget.", field="amount"
                )
            if value < given:
                raise ServiceError(
                    f"Amount allocated cannot be less than the £{given:,} already claimed, spent or paid.",
                    field="amount",
                )
            allocation.status, allocation.amount, allocation.conditions = Allocation.Status.ALLOCATED, value, conditions
        else:
            if given:
                raise ServiceError(
                    "Claims or payments have been made against this allocation: it cannot be declined now."
                )
            allocation.status, allocation.amount = Allocation.Status.DECLINED, None
        allocation.decided_at, allocation.decided_by = timezone.now(), by
        allocation.save()
        after = audit.snapshot(allocation, ["status", "amount", "conditions"])
        audit.log(by, "funding.decided", allocation, changes=audit.diff(before, after))
    return allocation


def _check_receipt(receipt: UploadedFile | None, kind: str) -> None:
    if receipt is None:
        if kind == Claim.Kind.RETURN:
            raise ServiceError("A spend return needs its receipt.", field="receipt")
        return
    name = (receipt.name or "").lower()
    if not name.endswith(RECEIPT_TYPES):
        raise ServiceError("The receipt must be a PDF, JPEG or PNG file.", field="receipt")
    if (receipt.size or 0) > MAX_RECEIPT_BYTES:
        raise ServiceError("The receipt must be at most 10 MB.", field="receipt")


def add_claim(
    by: Any,
    allocation: Allocation,
    *,
    kind: str,
    amount: Any,
    description: str,
    spent_on: date,
    receipt: UploadedFile | None = None,
) -> Claim:
    if not permissions.can_draw_on(by, allocation):
        raise NotAllowed("You may record claims only for your own groups, or for groups in your own area.")
    if kind not in Claim.Kind.values:
        raise ServiceError("Choose a claim for payment or a spend return.", field="kind")
    value = money(amount, "amount", "Amount")
    within_dates(spent_on, "spent_on", "Date of spend")
    _check_receipt(receipt, kind)
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if not allocation.is_allocated or allocation.amount is None:
            raise ServiceError("Claims can be made only against an allocation.", field="amount")
        left = allocation.amount - drawn(allocation, kind)
        if value > left:
            what = "claimed" if kind == Claim.Kind.CLAIM else "spent"
            raise ServiceError(
                f"Amount is more than the £{left:,} of this allocation not yet {what} "
                f"(allocated £{allocation.amount:,}).",
                field="amount",
            )
        claim = Claim(
            allocation=allocation, kind=kind, amount=value, description=description, spent_on=spent_on, submitted_by=by
        )
        if receipt is not None:
            claim.receipt.save(receipt.name or "receipt", receipt, save=False)
        claim.save()
        audit.log(by, f"funding.{kind}_added", claim, changes={"amount": value, "spent_on": spent_on})
    return claim


def decide_claim(by: Any, claim: Claim, *, accept: bool) -> Claim:
    if not permissions.can_manage(by, claim.allocation):
        raise NotAllowed("You may decide only claims from groups in your own area.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != Claim.Status.SUBMITTED:
            raise ServiceError("This claim has already been decided.")
        claim.status = Claim.Status.ACCEPTED if accept else Claim.Status.REJECTED
        claim.save(update_fields=["status", "updated_at"])
        audit.log(by, "funding.claim_decided", claim, changes={"status": claim.status})
    return claim


def record_payment(by: Any, allocation: Allocation, *, amount: Any, paid_on: date, reference: str) -> Payment:
    """A payment made to the group; all payments together never exceed what was allocated."""
    if not permissions.can_manage(by, allocation):
        raise NotAllowed("You may record payments only for groups in your own area.")
    value = money(amount, "amount", "Amount paid")
    within_dates(paid_on, "paid_on", "Date paid")
    reference = reference.strip()
    if not reference:
        raise ServiceError("Give the payment's reference.", field="reference")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if not allocation.is_allocated or allocation.amount is None:
            raise ServiceError("Payments can be made only against an allocation.", field="amount")
        left = allocation.amount - paid(allocation)
        if value > left:
            raise ServiceError(
                f"Amount paid is more than the £{left:,} of this allocation not yet paid "
                f"(allocated £{allocation.amount:,}).",
                field="amount",
            )
        payment = Payment.objects.create(
            allocation=allocation, amount=value, paid_on=paid_on, reference=reference, recorded_by=by
        )
        audit.log(
            by,
            "funding.payment_recorded",
            payment,
            changes={"amount": value, "paid_on": paid_on, "reference": reference, "allocation": allocation.project},
        )
    return payment


def evaluate(by: Any, allocation: Allocation, **fields: Any) -> Evaluation:
    if not permissions.can_manage(by, allocation):
        raise NotAllowed("You may evaluate only projects of groups in your own area.")
    if not allocation.is_allocated:
        raise ServiceError("Only funded projects are evaluated.")
    with transaction.atomic():
        evaluation, created = Evaluation.objects.select_for_update().get_or_create(
            allocation=allocation, defaults={**fields, "submitted_by": by}
        )
        if not created:
            before = audit.snapshot(evaluation, list(fields))
            for name, value in fields.items():
                setattr(evaluation, name, value)
            evaluation.submitted_by = by
            evaluation.save()
            audit.log(
                by,
                "funding.evaluation_changed",
                evaluation,
                changes=audit.diff(before, audit.snapshot(evaluation, list(fields))),
            )
        else:
            audit.log(by, "funding.evaluated", evaluation, changes=audit.snapshot(evaluation, list(fields)))
    return evaluation


def export_personal_data(user: Any) -> list[dict[str, Any]]:
    """Funding decisions, claims and evaluations a person recorded (staff acting for the service)."""
    out: list[dict[str, Any]] = [
        {
            "decided": a.project,
            "round": a.round.name,
            "status": a.status,
            "at": a.decided_at.isoformat() if a.decided_at else "",
        }
        for a in Allocation.objects.filter(decided_by=user).select_related("round")
    ]
    out += [
        {"recorded": c.get_kind_display(), "project": c.allocation.project, "amount": str(c.amount)}
        for c in Claim.objects.filter(submitted_by=user).select_related("allocation")
    ]
    out += [
        {"applied": a.project, "round": a.round.name, "requested": str(a.requested)}
        for a in Allocation.objects.filter(applied_by=user).select_related("round")
    ]
    out += [
        {"paid": p.allocation.project, "amount": str(p.amount), "on": p.paid_on.isoformat()}
        for p in Payment.objects.filter(recorded_by=user).select_related("allocation")
    ]
    out += [
        {"evaluated": e.allocation.project}
        for e in Evaluation.objects.filter(submitted_by=user).select_related("allocation")
    ]
    return out


def erase_personal_data(user: Any) -> int:
    """Keep the funding records but no longer say who recorded them (the audit log keeps its own account)."""
    return (
        Allocation.objects.filter(decided_by=user).update(decided_by=None)
        + Claim.objects.filter(submitted_by=user).update(submitted_by=None)
        + Evaluation.objects.filter(submitted_by=user).update(submitted_by=None)
        + Allocation.objects.filter(applied_by=user).update(applied_by=None)
        + Payment.objects.filter(recorded_by=user).update(recorded_by=None)
    )
