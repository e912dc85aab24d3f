"""Reads of feedback records other apps may call."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.registry import FeedItem
from core.unions import union_all
from feedback.models import FeedbackRecord
from places import reference
from places.models import Borough, Ward


def record_for(subject: models.Model) -> FeedbackRecord | None:
    """The feedback record of a priority, consultation or activity, or None."""
    ct = ContentType.objects.get_for_model(subject)
    return FeedbackRecord.objects.filter(content_type=ct, object_id=str(subject.pk)).first()


def for_ward(ward: Ward) -> QuerySet[FeedbackRecord]:
    return FeedbackRecord.objects.filter(Q(wards=ward) | Q(boroughs=ward.borough_id) | Q(london_wide=True)).distinct()


def for_borough(borough: Borough) -> QuerySet[FeedbackRecord]:
    return FeedbackRecord.objects.filter(
        Q(wards__borough=borough) | Q(boroughs=borough) | Q(london_wide=True)
    ).distinct()


def ward_section(ward: Ward, request: Any = None) -> dict[str, Any] | None:
    # Both lists in one query: the page is built in a bounded number of queries.
    records, open_records = union_all(
        [
            for_ward(ward).filter(did_published_at__isnull=False).order_by("-did_published_at")[:5],
            for_ward(ward).filter(did_published_at__isnull=True).exclude(asked="", said="").order_by("-updated_at")[:3],
        ]
    )
    return {"records": records, "open_records": open_records, "area": ward.name}


def borough_section(borough: Borough, request: Any = None) -> dict[str, Any] | None:
    records = list(for_borough(borough).filter(did_published_at__isnull=False).order_by("-did_published_at")[:8])
    return {"records": records, "open_records": [], "area": borough.name}


def _feed_items(records: QuerySet[FeedbackRecord], prefix: str = "") -> list[FeedItem]:
    items = []
    for r in records.filter(did_published_at__isnull=False).order_by("-did_published_at")[:20]:
        items.append(
            FeedItem(
                id=f"feedback-{r.pk}",
                title=f"{prefix}We did: {r.title}",
                summary=r.did,
                link=r.get_absolute_url(),
                updated=r.did_published_at,
            )
        )
    return items


def ward_feed(ward: Ward) -> list[FeedItem]:
    return _feed_items(FeedbackRecord.objects.filter(wards=ward))


def borough_feed(borough: Borough) -> list[FeedItem]:
    return _feed_items(for_borough(borough))


def in_scope(scope: Any) -> QuerySet[FeedbackRecord]:
    """Records whose places lie (at least partly) in a scope."""
    if scope.london_wide:
        return FeedbackRecord.objects.all()
    if scope.is_empty:
        return FeedbackRecord.objects.none()
    ward_ids = scope.all_ward_ids() or set()
    borough_ids = {w.borough_id for w in reference.by_pk(Ward, ward_ids).values()}
    return FeedbackRecord.objects.filter(Q(wards__in=ward_ids) | Q(boroughs__in=borough_ids)).distinct()


def with_state(qs: QuerySet[FeedbackRecord], state: str, now: Any = None) -> QuerySet[FeedbackRecord]:
    now = now or timezone.now()
    if state == "published":
        return qs.filter(did_published_at__isnull=False)
    if state == "overdue":
        return qs.filter(did_published_at__isnull=True, due_at__lt=now)
    if state == "owed":
        return qs.filter(did_published_at__isnull=True)
    return qs


def coordinator_report(now: Any = None) -> list[dict[str, Any]]:
    """Per borough: records, published, still owed, overdue (records by their wards' or own borough)."""
    now = now or timezone.now()
    rows: dict[int, dict[str, Any]] = {}
    for b in Borough.objects.order_by("name"):
        rows[b.pk] = {"borough": b, "total": 0, "published": 0, "owed": 0, "overdue": 0}
    records = FeedbackRecord.objects.prefetch_related("wards", "boroughs")
    for r in records:
        boroughs = {w.borough_id for w in r.wards.all()} | {b.pk for b in r.boroughs.all()}
        for bid in boroughs:
            row = rows[bid]
            row["total"] += 1
            if r.did_published_at:
                row["published"] += 1
            else:
                row["owed"] += 1
                if r.due_at and r.due_at < now:
                    row["overdue"] += 1
    return [r for r in rows.values() if r["total"]]


def on_time_by_borough(since: Any, until: Any, now: Any = None) -> dict[int, dict[str, int]]:
    """borough id -> feedback records due in [since, until) (due, given on time, given late, still owed) and
    records whose "we did" was published in [since, until) (published), by their wards' or own boroughs."""
    now = now or timezone.now()
    out: dict[int, dict[str, int]] = {}
    records = FeedbackRecord.objects.filter(
        Q(due_at__gte=since, due_at__lt=until) | Q(did_published_at__gte=since, did_published_at__lt=until)
    ).prefetch_related("wards", "boroughs")
    for r in records:
        boroughs = {w.borough_id for w in r.wards.all()} | {b.pk for b in r.boroughs.all()}
        due_now = r.due_at is not None and since <= r.due_at < until
        published_now = r.did_published_at is not None and since <= r.did_published_at < until
        for bid in boroughs:
            row = out.setdefault(bid, {"due": 0, "on_time": 0, "late": 0, "owed": 0, "published": 0})
            row["published"] += published_now
            if not due_now or r.due_at is None:
                continue
            row["due"] += 1
            if r.did_published_at is None:
                row["owed"] += 1
            elif r.did_published_at <= r.due_at:
                row["on_time"] += 1
            else:
                row["late"] += 1
    return out
