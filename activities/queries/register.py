"""Which activities a member of staff, a partner or the public may see; the register's filters; counts per place."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from activities import permissions
from activities.models import Activity, ActivityPlace, CommunityOfInterest
from activities.queries.base import PUBLIC_STATUSES, K, _day_start
from organisations.scope import Capability, scope_for
from places import reference
from places.models import Borough, Ward


def place_q(ward_ids: Any = None, borough_ids: Any = None) -> Q:
    """Footprint rows touching the given wards or boroughs (a borough row touches its wards; London all)."""
    q = Q(kind=K.LONDON)
    if ward_ids:
        q |= Q(ward_id__in=ward_ids)
        wb = {w.borough_id for w in reference.by_pk(Ward, set(ward_ids)).values()}
        q |= Q(kind=K.BOROUGH, borough_id__in=sorted(wb))
    if borough_ids:
        q |= Q(kind__in=(K.WARD, K.BOROUGH), borough_id__in=borough_ids)
    return q


def visible_activities(user: Any) -> QuerySet[Activity]:
    """Activities a member of staff or a partner may see (same rules on pages and in the API)."""
    qs = Activity.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    q = Q(pk__in=[])
    for capability in (*permissions.READ_CAPABILITIES, Capability.SHARE_PARTNER_ACTIVITY):
        scope = scope_for(user, capability)
        if scope.is_empty and not scope.unit_ids:
            continue
        if scope.london_wide:
            if capability != Capability.SHARE_PARTNER_ACTIVITY:
                return qs  # a London-wide reader sees every activity
            # An empty Q() would vanish when OR-ed into the running filter, so London-wide partners
            # are given an explicit condition.
            part = Q(pk__isnull=False)
        else:
            fp = ActivityPlace.objects.filter(activity=OuterRef("pk")).filter(
                place_q(scope.ward_ids, scope.borough_ids)
            )
            part = Q(organising_unit_id__in=scope.unit_ids) | Q(partners__in=scope.unit_ids) | Q(Exists(fp))
            # activities for a community that are tied to no place are visible to every reader
            part |= Q(london_wide=False, wards__isnull=True, boroughs__isnull=True)
        if capability == Capability.SHARE_PARTNER_ACTIVITY:
            part &= Q(status__in=PUBLIC_STATUSES)
        q |= part
    ids = Activity.objects.filter(q).values("pk")
    return qs.filter(pk__in=ids)


def public_activities(*, with_cancelled: bool = False) -> QuerySet[Activity]:
    """Activities the public may see: public, not held back by a prior consultation, and not cancelled (a cancelled
    one keeps its own page, saying so, for the calendars and links that point at it)."""
    shown = Activity.objects.filter(is_public=True, consultation_pending=False)
    return shown if with_cancelled else shown.exclude(status=Activity.Status.CANCELLED)


@dataclass
class Filters:
    ward: Ward | None = None
    borough: Borough | None = None
    community: CommunityOfInterest | None = None
    unit: Any = None
    method: str = ""
    tier: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def apply_filters(qs: QuerySet[Activity], f: Filters) -> QuerySet[Activity]:
    if f.method:
        qs = qs.filter(method=f.method)
    if f.tier:
        qs = qs.filter(tier=f.tier)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit is not None:
        qs = qs.filter(
            Q(organising_unit=f.unit)
            | Q(pk__in=Activity.partners.through.objects.filter(unit_id=f.unit.pk).values("activity_id"))
        )
    if f.text:
        qs = qs.filter(Q(title__icontains=f.text) | Q(venue__icontains=f.text))
    fp = ActivityPlace.objects.filter(activity=OuterRef("pk"))
    need = False
    if f.ward is not None:
        fp = fp.filter(place_q([f.ward.pk]))
        need = True
    if f.borough is not None:
        fp = fp.filter(place_q(None, [f.borough.pk]))
        need = True
    if f.community is not None:
        fp = fp.filter(community=f.community)
        need = True
    if f.date_from:
        fp = fp.filter(ends_at__gte=_day_start(f.date_from))
        need = True
    if f.date_to:
        fp = fp.filter(starts_at__lt=_day_start(f.date_to + timedelta(days=1)))
        need = True
    if need:
        if f.ward is None and f.borough is None and f.community is None and f.status == Activity.Status.CANCELLED:
            # cancelled activities have no footprint: filter dates on the activity itself
            if f.date_from:
                qs = qs.filter(ends_at__gte=_day_start(f.date_from))
            if f.date_to:
                qs = qs.filter(starts_at__lt=_day_start(f.date_to + timedelta(days=1)))
        else:
            qs = qs.filter(Exists(fp))
    return qs


def counts_by_borough(activities: QuerySet[Activity]) -> list[dict[str, Any]]:
    """Planned (planned/confirmed) and held (held or later) activities touching each borough."""
    planned = set(PUBLIC_STATUSES)
    rows = (
        ActivityPlace.objects.filter(kind__in=(K.WARD, K.BOROUGH), activity__in=activities.values("pk"))
        .values("borough_id", "activity__status")
        .annotate(n=Count("activity_id", distinct=True))
    )
    table: dict[int, dict[str, int]] = defaultdict(lambda: {"planned": 0, "held": 0})
    for r in rows:
        status = r["activity__status"]
        key = "planned" if status in planned else "held"
        table[r["borough_id"]][key] += r["n"]
    names = {b.pk: (b.name, b.code) for b in reference.borough_list()}
    return [
        {"borough_id": b, "name": names[b][0], "borough_code": names[b][1], **v}
        for b, v in sorted(table.items(), key=lambda kv: names[kv[0]][0])
    ]


def counts_by_ward(activities: QuerySet[Activity], borough: Borough) -> list[dict[str, Any]]:
    rows = (
        ActivityPlace.objects.filter(kind=K.WARD, borough_id=borough.pk, activity__in=activities.values("pk"))
        .values("ward_id", "activity__status")
        .annotate(n=Count("activity_id", distinct=True))
    )
    table: dict[int, dict[str, int]] = {w.pk: {"planned": 0, "held": 0} for w in borough.wards.all()}
    for r in rows:
        key = "planned" if r["activity__status"] in PUBLIC_STATUSES else "held"
        table.setdefault(r["ward_id"], {"planned": 0, "held": 0})[key] += r["n"]
    names = dict(borough.wards.values_list("pk", "name"))
    return [
        {"ward_id": w, "name": names.get(w, "?"), **v}
        for w, v in sorted(table.items(), key=lambda kv: names.get(kv[0], ""))
    ]
