"""Reads of issues and priorities: page sections, feeds, aggregates and the police.uk shape."""

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.registry import FeedItem
from places.models import Borough, Ward
from priorities.models import Category, Issue, PanelRound, Priority


def current_priorities(ward: Ward) -> QuerySet[Priority]:
    return Priority.objects.filter(ward=ward, status=Priority.Status.CURRENT).order_by("set_on", "pk")


def past_priorities(ward: Ward) -> QuerySet[Priority]:
    return Priority.objects.filter(ward=ward, status__in=[Priority.Status.CLOSED, Priority.Status.REPLACED]).order_by(
        "-closed_on", "-pk"
    )


def open_round(ward: Ward) -> PanelRound | None:
    now = timezone.now()
    return PanelRound.objects.filter(ward=ward, opens_at__lte=now, closes_at__gt=now).first()


def ward_section(ward: Ward, request: Any = None) -> dict[str, Any] | None:
    now = timezone.now()
    # How many past priorities, and whether a vote is open, read with the current priorities (two queries with
    # their reviews, whatever the ward's history).
    past = past_priorities(ward).order_by().values("ward").annotate(n=Count("pk")).values("n")
    flags = {
        "past_count": Subquery(past[:1]),
        "open_round": Exists(PanelRound.objects.filter(ward=ward, opens_at__lte=now, closes_at__gt=now)),
    }
    current = list(current_priorities(ward).annotate(**flags).prefetch_related("reviews"))
    found = (
        {"past_count": current[0].past_count, "open_round": current[0].open_round}  # type: ignore[attr-defined]
        if current
        else Ward.objects.filter(pk=ward.pk).values(**flags).first() or {}
    )
    return {
        "ward": ward,
        "current": current,
        "past_count": found.get("past_count") or 0,
        "open_round": bool(found.get("open_round")),
    }


def category_counts(priorities: QuerySet[Priority]) -> list[dict[str, Any]]:
    labels = dict(Category.choices)
    rows = priorities.values("category").annotate(n=Count("pk")).order_by("-n", "category")
    total = sum(r["n"] for r in rows) or 1
    return [
        {
            "category": r["category"],
            "label": labels.get(r["category"], r["category"]),
            "count": r["n"],
            "percent": round(100 * r["n"] / total),
        }
        for r in rows
    ]


def borough_section(borough: Borough, request: Any = None) -> dict[str, Any] | None:
    current = Priority.objects.filter(ward__borough=borough, status=Priority.Status.CURRENT)
    rows = category_counts(current)
    return {
        "area": borough.name,
        "rows": rows,
        "ward_count": current.values("ward").distinct().count(),
        "total": sum(r["count"] for r in rows),
    }


def london_section(request: Any = None) -> dict[str, Any] | None:
    current = Priority.objects.filter(status=Priority.Status.CURRENT)
    return {
        "area": _("London"),
        "rows": category_counts(current),
        "ward_count": current.values("ward").distinct().count(),
        "total": current.count(),
    }


def borough_report() -> list[dict[str, Any]]:
    """Current priorities by borough and category, for the staff report."""
    labels = dict(Category.choices)
    rows = (
        Priority.objects.filter(status=Priority.Status.CURRENT)
        .values("ward__borough__name", "category")
        .annotate(n=Count("pk"))
        .order_by("ward__borough__name", "category")
    )
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = out.setdefault(r["ward__borough__name"], {"borough": r["ward__borough__name"], "total": 0})
        entry[r["category"]] = r["n"]
        entry["total"] += r["n"]
    result = list(out.values())
    for entry in result:
        entry["cells"] = [entry.get(c, 0) for c in labels]
    return result


def _local_naive(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    elif timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def police_uk(ward: Ward) -> list[dict[str, str | None]]:
    """The ward's priorities shaped like police.uk `/{force}/{neighbourhood}/priorities` (HTML-escaped text)."""
    out: list[dict[str, str | None]] = []
    priorities = (
        Priority.objects.filter(ward=ward)
        .exclude(status__in=[Priority.Status.PROPOSED, Priority.Status.NOT_CHOSEN])
        .prefetch_related("reviews")
        .order_by("-set_on", "-pk")
    )
    for p in priorities:
        reviews = list(p.reviews.all())
        latest = reviews[0] if reviews else None
        out.append(
            {
                "issue": escape(p.issue),
                "issue-date": _local_naive(p.set_on or p.created_at),
                "action": escape(latest.done) if latest else (escape(p.action) if p.action else None),
                "action-date": _local_naive(latest.reviewed_on) if latest else None,
            }
        )
    return out


def ward_feed(ward: Ward) -> list[FeedItem]:
    since = timezone.localdate() - timedelta(days=365)
    items = []
    url = reverse("priorities:ward", args=[ward.code])
    for p in Priority.objects.filter(ward=ward, set_on__gte=since).exclude(
        status__in=[Priority.Status.PROPOSED, Priority.Status.NOT_CHOSEN]
    )[:20]:
        items.append(
            FeedItem(
                id=f"priority-{p.pk}",
                title=f"New ward priority: {p.get_category_display()}",
                summary=f"{p.issue} What we will do: {p.action}",
                link=f"{url}#priority-{p.pk}",
                updated=timezone.make_aware(datetime.combine(p.set_on or since, time(9))),
            )
        )
    return items


def borough_feed(borough: Borough) -> list[FeedItem]:
    items: list[FeedItem] = []
    since = timezone.localdate() - timedelta(days=90)
    for p in (
        Priority.objects.filter(ward__borough=borough, set_on__gte=since)
        .exclude(status__in=[Priority.Status.PROPOSED, Priority.Status.NOT_CHOSEN])
        .select_related("ward")[:50]
    ):
        items.append(
            FeedItem(
                id=f"priority-{p.pk}",
                title=f"{p.ward.name}: new priority ({p.get_category_display()})",
                summary=f"{p.issue} What we will do: {p.action}",
                link=reverse("priorities:ward", args=[p.ward.code]) + f"#priority-{p.pk}",
                updated=timezone.make_aware(datetime.combine(p.set_on or since, time(9))),
            )
        )
    return items


def postcode_district(postcode: str) -> str:
    """The outward code of a postcode ("SE6 4RU" -> "SE6"): where, without pointing at a house."""
    compact = postcode.replace(" ", "").upper()
    return compact[:-3] if len(compact) > 4 else compact


def issue_place(issue: Issue, reporter_scope: Any) -> tuple[str, str]:
    """(postcode, address) of an issue as this reader may see them: in full where they may see who raised it,
    else the postcode district and no address (an address is often the reporter's own)."""
    if reporter_scope.covers_ward(issue.ward_id, issue.borough_id):
        return issue.postcode, issue.address
    return postcode_district(issue.postcode), ""


def issues_for_scope(scope: Any) -> QuerySet[Issue]:
    return Issue.objects.filter(scope.ward_q("ward")).select_related("ward", "borough")


def filter_issues(qs: QuerySet[Issue], params: dict[str, Any]) -> QuerySet[Issue]:
    if params.get("ward"):
        qs = qs.filter(ward__code=str(params["ward"]).upper())
    if params.get("borough"):
        qs = qs.filter(borough__code=str(params["borough"]).upper())
    if params.get("category"):
        qs = qs.filter(category=params["category"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("date_from"):
        qs = qs.filter(created_at__date__gte=params["date_from"])
    if params.get("date_to"):
        qs = qs.filter(created_at__date__lte=params["date_to"])
    if params.get("q"):
        qs = qs.filter(Q(reference__icontains=params["q"]) | Q(description__icontains=params["q"]))
    return qs


def issue_counts_for_ward(ward: Ward, days: int = 180) -> list[dict[str, Any]]:
    since = timezone.now() - timedelta(days=days)
    labels = dict(Category.choices)
    rows = (
        Issue.objects.filter(ward=ward, created_at__gte=since).values("category").annotate(n=Count("pk")).order_by("-n")
    )
    return [
        {"label": labels.get(r["category"], r["category"]), "category": r["category"], "count": r["n"]} for r in rows
    ]


def round_results(panel_round: PanelRound) -> list[dict[str, Any]]:
    options = panel_round.options.annotate(n=Count("votes")).order_by("-n", "pk")
    total = sum(o.n for o in options) or 0
    return [{"option": o, "count": o.n, "percent": round(100 * o.n / total) if total else 0} for o in options]
