"""Figures for the alerts reports: subscribers of an area by interest and channel, month by month."""

from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from alerts.models import INTEREST_BITS, Interest, Subscriber
from alerts.queries import area_q
from places.models import Borough


def boroughs_in_scope(scope: Any) -> QuerySet[Borough]:
    if scope.london_wide:
        return Borough.objects.order_by("name")
    return Borough.objects.filter(scope.borough_q("pk") if not scope.is_empty else Q(pk__in=[])).order_by("name")


def _month_ends(months: int) -> list[datetime]:
    today = timezone.localdate()
    out = []
    y, m = today.year, today.month
    for _ in range(months):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        end = timezone.make_aware(datetime(ny, nm, 1))  # noqa: DTZ001 - made aware at once
        out.append(end)
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))


def area_report(*, borough: Borough | None, scope: Any, months: int = 12) -> dict[str, Any]:
    """Subscribers (confirmed, not left at the month's end) per month, by channel and interest."""
    if borough is not None:
        base = Subscriber.objects.filter(area_q(boroughs=[borough.pk]) or Q(pk__in=[]))
    elif scope.london_wide:
        base = Subscriber.objects.all()
    else:
        ward_ids = list(scope.all_ward_ids() or [])
        base = Subscriber.objects.filter(area_q(wards=ward_ids, boroughs=list(scope.borough_ids)) or Q(pk__in=[]))
    base = base.filter(Q(email_confirmed_at__isnull=False) | Q(phone_confirmed_at__isnull=False))
    rows = []
    for end in _month_ends(months):
        live = base.filter(created_at__lt=end).filter(Q(left_at__isnull=True) | Q(left_at__gte=end))
        figures: dict[str, Any] = live.aggregate(
            total=Count("pk"),
            email=Count("pk", filter=Q(email_confirmed_at__lt=end)),
            sms=Count("pk", filter=Q(phone_confirmed_at__lt=end)),
        )
        for value, bit in INTEREST_BITS.items():
            figures[value] = live.annotate(_b=F("interests").bitand(bit)).filter(_b__gt=0).count()
        label = (end.date().replace(day=1) - _one_day()).strftime("%b %Y")
        rows.append(
            {
                "month": label,
                "total": figures["total"],
                "email": figures["email"],
                "sms": figures["sms"],
                "by_interest": [figures[v] for v in INTEREST_BITS],
            }
        )
    peak = max([r["total"] for r in rows] + [1])
    width = 40
    for i, r in enumerate(rows):
        r["x"] = 50 + i * (width + 8)
        r["h"] = round(200 * r["total"] / peak)
        r["y"] = 220 - r["h"]
        r["label_y"] = r["y"] - 4
        r["text_x"] = r["x"] + width // 2
    return {
        "rows": rows,
        "interest_labels": list(Interest.choices),
        "chart_width": 60 + len(rows) * (width + 8),
        "bar_width": width,
        "peak": peak,
    }


def _one_day() -> Any:
    from datetime import timedelta

    return timedelta(days=1)


_ = date
