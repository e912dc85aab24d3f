"""Administration: fatigue settings, minimum standards and their baselines, communities of interest, operations."""

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from activities import permissions
from activities.models import CommunityOfInterest, FatigueSettings, MinimumStandard, Operation, StandardBaseline
from activities.queries import standard_result
from core import audit
from core.errors import NotAllowed, ServiceError
from organisations.scope import Capability, units_for
from places.models import Borough


@transaction.atomic
def save_fatigue_settings(*, by: Any, data: dict[str, Any]) -> FatigueSettings:
    if not permissions.can_administer(by):
        raise NotAllowed("Only administrators set fatigue thresholds.")
    settings_row = FatigueSettings.objects.select_for_update().first() or FatigueSettings()
    before = audit.snapshot(settings_row) if settings_row.pk else {}
    if data["medium_4w"] > data["high_4w"] or data["medium_12w"] > data["high_12w"]:
        raise ServiceError("The medium threshold cannot be above the high one.", field="medium_4w")
    if data.get("medium_percentile", 75) >= data.get("high_percentile", 95):
        raise ServiceError("The medium percentile must be below the high one.", field="medium_percentile")
    for key, value in data.items():
        setattr(settings_row, key, value)
    settings_row.save()
    audit.log(
        by, "activity.fatigue_settings_changed", settings_row, changes=audit.diff(before, audit.snapshot(settings_row))
    )
    return settings_row


@transaction.atomic
def save_minimum_standard(*, by: Any, standard: MinimumStandard | None, data: dict[str, Any]) -> MinimumStandard:
    if not permissions.can_administer(by):
        raise NotAllowed("Only administrators define minimum standards.")
    if not str(data.get("name") or "").strip():
        raise ServiceError("Enter a name.", field="name")
    if (data.get("min_count") or 0) < 1 or (data.get("period_days") or 0) < 1:
        raise ServiceError("The count and period must be at least 1.", field="min_count")
    standard = standard or MinimumStandard()
    before = audit.snapshot(standard) if standard.pk else {}
    for key, value in data.items():
        setattr(standard, key, value)
    standard.save()
    audit.log(by, "activity.standard_saved", standard, changes=audit.diff(before, audit.snapshot(standard)))
    return standard


def quarter_start(day: date) -> date:
    """First day of the calendar quarter `day` falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def completed_quarters(today: date, count: int) -> list[date]:
    """The first days of the last `count` complete calendar quarters before `today`, oldest first."""
    starts = []
    q = quarter_start(today)
    for _ in range(count):
        q = quarter_start(q - timedelta(days=1))
        starts.append(q)
    return sorted(starts)


@transaction.atomic
def record_standard_baselines(*, quarters: int = 1, today: date | None = None, by: Any = None) -> int:
    """Record, once, whether each borough met each active standard at the end of each of the last complete
    quarters. A recorded quarter is never recomputed: it is the baseline the board compares against."""
    today = today or timezone.localdate()
    standards = list(MinimumStandard.objects.filter(is_active=True).select_related("community"))
    boroughs = list(Borough.objects.prefetch_related("wards"))
    made = 0
    for q in completed_quarters(today, quarters):
        end = quarter_start(q + timedelta(days=100))
        at = timezone.make_aware(datetime.combine(end, datetime.min.time()))
        done = set(StandardBaseline.objects.filter(quarter_start=q).values_list("standard_id", "borough_id"))
        rows = []
        for st in standards:
            for borough in boroughs:
                if (st.pk, borough.pk) in done:
                    continue
                r = standard_result(st, borough, at=at)
                rows.append(
                    StandardBaseline(
                        standard=st,
                        borough=borough,
                        quarter_start=q,
                        met=r.met,
                        count=r.count,
                        wards_total=r.wards_total,
                        wards_short=len(r.short_wards) if r.wards_total is not None else None,
                        detail=r.detail[:500],
                        evidence=r.evidence_ids[:1000],
                    )
                )
        StandardBaseline.objects.bulk_create(rows, ignore_conflicts=True)
        if rows:
            audit.log(
                by or "record_standard_baselines",
                "activity.standard_baselines_recorded",
                None,
                changes={"quarter": q.isoformat(), "rows": len(rows), "met": sum(1 for r in rows if r.met)},
            )
        made += len(rows)
    return made


@transaction.atomic
def save_community(*, by: Any, community: CommunityOfInterest | None, data: dict[str, Any]) -> CommunityOfInterest:
    if not permissions.can_administer(by):
        raise NotAllowed("Only administrators manage the list of communities of interest.")
    name = str(data.get("name") or "").strip()
    if not name:
        raise ServiceError("Enter a name.", field="name")
    clash = CommunityOfInterest.objects.filter(name__iexact=name)
    if community is not None:
        clash = clash.exclude(pk=community.pk)
    if clash.exists():
        raise ServiceError("A community of interest with that name already exists.", field="name")
    community = community or CommunityOfInterest(slug=slugify(name)[:120] or "community")
    before = audit.snapshot(community) if community.pk else {}
    community.name = name
    community.description = str(data.get("description") or "").strip()
    community.is_active = bool(data.get("is_active", True))
    if not community.pk:
        base, n = community.slug, 1
        while CommunityOfInterest.objects.filter(slug=community.slug).exists():
            n += 1
            community.slug = f"{base}-{n}"
    community.save()
    audit.log(by, "activity.community_saved", community, changes=audit.diff(before, audit.snapshot(community)))
    return community


@transaction.atomic
def record_operation(*, by: Any, data: dict[str, Any]) -> Operation:
    """Record a high-impact operation so reassurance activities can be planned before and after it."""
    if not permissions.can_plan(by):
        raise NotAllowed("Your role does not allow you to plan activities.")
    if not str(data.get("name") or "").strip():
        raise ServiceError("Enter the operation's name.", field="name")
    unit = data.get("organising_unit")
    if unit is None or not units_for(by, Capability.PLAN_ACTIVITY).filter(pk=unit.pk).exists():
        raise ServiceError("Choose a unit you work for.", field="organising_unit")
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ServiceError("The end must be on or after the start.", field="ends_on")
    boroughs = data.pop("boroughs", [])
    operation = Operation.objects.create(**data)
    operation.boroughs.set(boroughs)
    audit.log(by, "activity.operation_recorded", operation, changes=audit.snapshot(operation))
    return operation
