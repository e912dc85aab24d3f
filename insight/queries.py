"""Reads of the board's view: a measure's trend per borough beside London, the latest figures of every borough,
and what the register shows beside the measures for a period."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from activities.figures import BoroughEngagement, borough_engagement, method_label
from feedback.queries import on_time_by_borough
from insight import stats
from insight.models import Measure, Period, Result
from places.models import Borough


@dataclass
class Point:
    period: Period
    borough: Result | None
    london: Result | None
    comparison: stats.Comparison

    @property
    def source(self) -> Any:
        """Where the period's figures come from: the borough's publication, else London's."""
        shown = self.borough or self.london
        return shown.source if shown else None


def _compare(mine: Result | None, london: Result | None) -> stats.Comparison:
    if mine is None:
        return stats.Comparison(stats.UNKNOWN)
    return stats.compare(
        mine.proportion, mine.base, london.proportion if london else None, london.base if london else None
    )


def kinds_with_results(measure: Measure) -> list[tuple[str, str]]:
    present = set(Result.objects.filter(measure=measure).values_list("period__kind", flat=True).distinct())
    return [(k, label) for k, label in Period.Kind.choices if k in present]


def trend(measure: Measure, borough: Borough, kind: str) -> list[Point]:
    """Every period of `kind` with a figure for the borough or for London, oldest first."""
    rows = Result.objects.filter(measure=measure, period__kind=kind, borough__in=[borough]).select_related("source")
    london = Result.objects.filter(measure=measure, period__kind=kind, borough__isnull=True).select_related("source")
    mine = {r.period_id: r for r in rows}
    theirs = {r.period_id: r for r in london}
    periods = Period.objects.filter(pk__in=set(mine) | set(theirs)).order_by("end", "label")
    return [Point(p, mine.get(p.pk), theirs.get(p.pk), _compare(mine.get(p.pk), theirs.get(p.pk))) for p in periods]


@dataclass
class Chart:
    width: int = 640
    height: int = 260
    left: int = 48
    right: int = 40
    top: int = 16
    bottom: int = 56
    gridlines: list[dict[str, Any]] = field(default_factory=list)
    ticks: list[dict[str, Any]] = field(default_factory=list)
    borough_line: str = ""
    london_line: str = ""
    borough_points: list[dict[str, Any]] = field(default_factory=list)
    london_points: list[dict[str, Any]] = field(default_factory=list)


def chart(points: list[Point]) -> Chart:
    """Geometry of a line chart: the borough (solid, circles) and London (dashed, squares), 0–100 %."""
    c = Chart()
    plot_w, plot_h = c.width - c.left - c.right, c.height - c.top - c.bottom

    def y(p: float) -> float:
        return round(c.top + plot_h * (1 - p), 1)

    for pct in range(0, 101, 20):
        c.gridlines.append({"y": y(pct / 100), "label": f"{pct}%"})
    n = len(points)
    step = plot_w / max(n - 1, 1)
    every = max(1, (n + 7) // 8)  # at most eight labels under the axis
    mine: list[str] = []
    london: list[str] = []
    for i, pt in enumerate(points):
        x = round(c.left + (step * i if n > 1 else plot_w / 2), 1)
        if i % every == 0 or i == n - 1:
            c.ticks.append({"x": x, "label": pt.period.label})
        if pt.borough is not None:
            yy = y(pt.borough.proportion)
            mine.append(f"{x},{yy}")
            c.borough_points.append({"x": x, "y": yy, "significant": pt.comparison.significant})
        if pt.london is not None:
            yy = y(pt.london.proportion)
            london.append(f"{x},{yy}")
            c.london_points.append({"x": x - 3.5, "y": yy - 3.5})
    c.borough_line, c.london_line = " ".join(mine), " ".join(london)
    return c


@dataclass
class LatestRow:
    borough: Borough
    result: Result | None
    comparison: stats.Comparison


def latest(
    measure: Measure, boroughs: Iterable[Borough], kind: str
) -> tuple[Period | None, Result | None, list[LatestRow]]:
    """The latest period of `kind` with figures: London's figure and each borough's beside it."""
    period = Period.objects.filter(kind=kind, results__measure=measure).order_by("-end", "-label").first()
    if period is None:
        return None, None, []
    results = Result.objects.filter(measure=measure, period=period).select_related("source")
    london = next((r for r in results if r.borough_id is None), None)
    by_borough = {r.borough_id: r for r in results if r.borough_id is not None}
    rows = [LatestRow(b, by_borough.get(b.pk), _compare(by_borough.get(b.pk), london)) for b in boroughs]
    return period, london, rows


def any_fictional(results: Iterable[Result | None]) -> bool:
    return any(r is not None and r.source.is_fictional for r in results)


def results_in(boroughs: QuerySet[Borough], measure: Measure | None = None) -> QuerySet[Result]:
    """Results a reader may see: London's and those of their boroughs."""
    qs = Result.objects.filter(Q(borough__isnull=True) | Q(borough__in=boroughs))
    if measure is not None:
        qs = qs.filter(measure=measure)
    return qs.select_related("measure", "borough", "period", "source").order_by(
        "measure__order", "period__end", "period__label", "borough__name"
    )


NO_FEEDBACK = {"due": 0, "on_time": 0, "late": 0, "owed": 0, "published": 0}


@dataclass
class EngagementRow:
    borough: Borough
    engagement: BoroughEngagement
    feedback: dict[str, int]
    methods: list[tuple[str, str, int]]  # (method, label, activities), most first
    measures: list[tuple[Measure, Result | None, stats.Comparison]]


def period_bounds(period: Period) -> tuple[datetime, datetime]:
    """[start of the first day, start of the day after the last) in local time."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end, time.min)) + timedelta(days=1)
    return start, end


def engagement_beside(
    period: Period, boroughs: Iterable[Borough]
) -> tuple[list[Measure], dict[int, Result], list[EngagementRow]]:
    """For each borough: the register's figures for the period and the measures' figures for the same period."""
    since, until = period_bounds(period)
    engaged = borough_engagement(since, until)
    feedback = on_time_by_borough(since, until)
    measures = list(Measure.objects.filter(results__period=period).distinct())
    results = list(Result.objects.filter(period=period).select_related("source"))
    london = {r.measure_id: r for r in results if r.borough_id is None}
    mine = {(r.measure_id, r.borough_id): r for r in results if r.borough_id is not None}
    rows = []
    for b in boroughs:
        e = engaged.get(b.pk, BoroughEngagement())
        methods = sorted(((m, method_label(m), n) for m, n in e.by_method.items()), key=lambda t: (-t[2], t[1]))
        figures = [(m, mine.get((m.pk, b.pk)), _compare(mine.get((m.pk, b.pk)), london.get(m.pk))) for m in measures]
        rows.append(EngagementRow(b, e, feedback.get(b.pk, NO_FEEDBACK), methods, figures))
    return measures, london, rows
