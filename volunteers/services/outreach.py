"""Outreach campaigns: create, import a target list from CSV (with a row report), record outcomes, erase.

A target list is personal data: it is seen only by those assigned and the campaign's coordinators, never
exported with contact details, and erased `retention_days` after the campaign ends (`expire_targets`, run by
`manage.py apply_retention` through the privacy notice's record kinds).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core import audit
from core.errors import NotAllowed, ServiceError
from volunteers import permissions
from volunteers.models import Campaign, Target
from volunteers.services import check

MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_BYTES = 5_000_000
COLUMNS = ("name", "phone", "address", "postcode", "assigned_to")


@dataclass(frozen=True)
class RowReport:
    line: int
    ok: bool
    message: str


@transaction.atomic
def create_campaign(*, by: Any, data: dict[str, Any], assignees: Any = ()) -> Campaign:
    unknown = sorted(set(data) - {"name", "purpose", "borough", "ends_on", "retention_days"})
    if unknown:
        raise ServiceError(f"Unknown field: {', '.join(unknown)}.", field=unknown[0])
    campaign = Campaign(created_by=by if getattr(by, "is_authenticated", False) else None, **data)
    campaign.name = str(campaign.name or "").strip()
    if not campaign.name:
        raise ServiceError("Enter the campaign's name.", field="name")
    if campaign.borough_id is None:
        raise ServiceError("Choose the borough.", field="borough")
    if not permissions.can_manage_campaign(by, campaign):
        raise NotAllowed("That borough is outside the boroughs you coordinate.")
    check(campaign, exclude=["created_by"])
    campaign.save()
    campaign.assignees.set(assignees)
    audit.log(by, "outreach.campaign_created", campaign, changes=audit.snapshot(campaign))
    return campaign


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_IMPORT_BYTES:
        raise ServiceError("The file is too large: at most 5 MB.", field="file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ServiceError("Save the file as CSV in UTF-8 and try again.", field="file") from exc


@transaction.atomic
def import_targets(*, by: Any, campaign: Campaign, raw: bytes) -> list[RowReport]:
    """Add each good row of a CSV (name, phone, address, postcode, assigned_to email); report every row."""
    if not permissions.can_manage_campaign(by, campaign):
        raise NotAllowed("Only the campaign's coordinators import its target list.")
    if campaign.targets_erased_at:
        raise ServiceError("This campaign's target list has been erased.", field="file")
    reader = csv.DictReader(io.StringIO(_decode(raw)))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in header:
        raise ServiceError("The first row must name the columns, including name.", field="file")
    reader.fieldnames = header
    assignees = {u.email.lower(): u for u in campaign.assignees.all()}
    report: list[RowReport] = []
    new: list[Target] = []
    for index, row in enumerate(reader):
        line = index + 2
        if index >= MAX_IMPORT_ROWS:
            raise ServiceError(f"At most {MAX_IMPORT_ROWS:,} rows in one file.", field="file")
        values = {k: str(row.get(k) or "").strip() for k in COLUMNS}
        if not values["name"]:
            report.append(RowReport(line, False, "No name: row skipped."))
            continue
        if not (values["phone"] or values["address"]):
            report.append(RowReport(line, False, "Neither a phone number nor an address: row skipped."))
            continue
        assigned = None
        if values["assigned_to"]:
            assigned = assignees.get(values["assigned_to"].lower())
            if assigned is None:
                report.append(RowReport(line, False, "assigned_to is not someone assigned to this campaign."))
                continue
        target = Target(
            campaign=campaign,
            name=values["name"],
            phone=values["phone"],
            address=values["address"],
            postcode=values["postcode"].upper(),
            assigned_to=assigned,
        )
        try:
            check(target, exclude=["campaign", "assigned_to", "contacted_by"])
        except ServiceError as exc:
            report.append(RowReport(line, False, f"{exc.message} Row skipped."))
            continue
        new.append(target)
        report.append(RowReport(line, True, "Added."))
    Target.objects.bulk_create(new, batch_size=1000)
    audit.log(
        by,
        "outreach.targets_imported",
        campaign,
        changes={"added": len(new), "skipped": sum(1 for r in report if not r.ok)},
    )
    return report


def can_work(user: Any, target: Target) -> bool:
    """The campaign's coordinators, and the person the target is assigned to (no one else, even on the campaign)."""
    if permissions.can_manage_campaign(user, target.campaign):
        return True
    return target.assigned_to_id is not None and target.assigned_to_id == getattr(user, "pk", None)


@transaction.atomic
def record_outcome(*, by: Any, target: Target, outcome: str, note: str = "") -> Target:
    target = Target.objects.select_for_update().select_related("campaign").get(pk=target.pk)
    if not can_work(by, target):
        raise NotAllowed("This target is not assigned to you.")
    if outcome not in Target.Outcome.values or not outcome:
        raise ServiceError("Choose the outcome of the contact.", field="outcome")
    target.outcome, target.note = outcome, note.strip()
    target.contacted_at, target.contacted_by = timezone.now(), by
    check(target, exclude=["campaign", "assigned_to", "contacted_by"])
    target.save(update_fields=["outcome", "note", "contacted_at", "contacted_by"])
    audit.log(by, "outreach.outcome_recorded", target.campaign, changes={"target": target.pk, "outcome": outcome})
    return target


def outcome_counts(campaign: Campaign) -> dict[str, int]:
    if campaign.targets_erased_at:
        return dict(campaign.final_counts)
    rows = campaign.targets.values("outcome").annotate(n=Count("pk"))
    return {r["outcome"] or "none": r["n"] for r in rows}


def _erase(campaign: Campaign, *, by: Any, now: datetime) -> int:
    counts = outcome_counts(campaign)
    erased, _ = campaign.targets.all().delete()
    campaign.final_counts, campaign.targets_erased_at = counts, now
    campaign.save(update_fields=["final_counts", "targets_erased_at"])
    audit.log(by, "outreach.targets_erased", campaign, changes={"targets": erased})
    return erased


@transaction.atomic
def erase_targets(*, by: Any, campaign: Campaign) -> int:
    """A coordinator erases a campaign's target list now (keeping its outcome counts)."""
    if not permissions.can_manage_campaign(by, campaign):
        raise NotAllowed("Only the campaign's coordinators erase its target list.")
    return _erase(campaign, by=by, now=timezone.now())


@transaction.atomic
def expire_targets(now: datetime) -> int:
    """Erase the target lists of campaigns past their retention (the scheduled `apply_retention`)."""
    today: date = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    erased = 0
    for campaign in Campaign.objects.filter(targets_erased_at__isnull=True).select_for_update():
        if campaign.erase_on < today:
            erased += _erase(campaign, by="retention", now=now)
    return erased
