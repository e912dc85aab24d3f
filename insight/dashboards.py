"""Reads of the three audiences' dashboards: the board (London and every borough, trends), a borough commander
(their borough against London and similar boroughs) and the oversight body's scrutiny staff (everything, read-only,
exportable).

"Similar boroughs" are the three nearest by four Census 2021 measures shipped in `places` (each standardised across
London's boroughs, then the straight-line distance): households not deprived in any dimension (TS011), residents
born outside the UK (TS004), households renting socially (TS054) and residents aged 15 to 24 (TS007). The City of
London is never offered as similar (the survey does not cover it).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from insight import queries, stats
from insight.models import Measure, Period, Result
from places.models import Borough, CensusFigure

SIMILAR_COUNT = 3
CITY_OF_LONDON = "E09000001"
SIMILARITY_MEASURES = [
    ("Household deprivation", "Household is not deprived in any dimension", "Households not deprived (TS011)"),
    ("Country of birth", "Born outside the UK", "Born outside the UK (TS004)"),
    ("Tenure of household", "Rented: Social rented", "Households renting socially (TS054)"),
    ("Age", "15 to 24", "Aged 15 to 24 (TS007)"),
]
TREND_PERIODS = 8
# Line styles of the dashboards' charts: (stroke colour, dash pattern, marker) by series, always named in a legend.
STYLES = [
    ("#1d70b8", "", "circle"),
    ("#505a5f", "6 4", "square"),
    ("#d4351c", "2 3", "diamond"),
    ("#00703c", "10 3", "circle"),
]


def census_profile() -> dict[int, list[float]]:
    """Each borough's four similarity measures (boroughs missing one are left out)."""
    wanted = {(t, c): i for i, (t, c, _label) in enumerate(SIMILARITY_MEASURES)}
    values: dict[int, list[float | None]] = {}
    rows = CensusFigure.objects.filter(
        borough__isnull=False,
        ward__isnull=True,
        unit=CensusFigure.Unit.PERCENT,
        topic__in={t for t, _c, _l in SIMILARITY_MEASURES},
    ).values_list("borough_id", "topic", "category", "value")
    for borough_id, topic, category, value in rows:
        i = wanted.get((topic, category))
        if i is not None:
            values.setdefault(borough_id, [None] * len(SIMILARITY_MEASURES))[i] = value
    return {b: [float(x) for x in v if x is not None] for b, v in values.items() if all(x is not None for x in v)}


def similar_boroughs(borough: Borough, count: int = SIMILAR_COUNT) -> list[Borough]:
    profile = census_profile()
    others = {b.pk: b for b in Borough.objects.exclude(code=CITY_OF_LONDON)}
    if borough.pk not in profile:
        return []
    keys = [k for k in profile if k in others or k == borough.pk]
    columns = list(zip(*(profile[k] for k in keys), strict=True))
    means = [sum(c) / len(c) for c in columns]
    spreads = [math.sqrt(sum((x - m) ** 2 for x in c) / len(c)) or 1.0 for c, m in zip(columns, means, strict=True)]

    def z(k: int) -> list[float]:
        return [(x - m) / s for x, m, s in zip(profile[k], means, spreads, strict=True)]

    mine = z(borough.pk)
    distance = {k: math.dist(mine, z(k)) for k in keys if k != borough.pk}
    nearest = sorted(distance, key=lambda k: (distance[k], others[k].name))[:count]
    return [others[k] for k in nearest]


def quarters(limit: int = TREND_PERIODS) -> list[Period]:
    """The latest quarters with figures, oldest first."""
    latest = list(
        Period.objects.filter(kind=Period.Kind.QUARTER, results__isnull=False).distinct().order_by("-end")[:limit]
    )
    return list(reversed(latest))


@dataclass
class Series:
    label: str
    colour: str
    dash: str
    marker: str
    points: list[dict[str, Any]] = field(default_factory=list)
    line: str = ""


@dataclass
class LineChart:
    title: str
    width: int = 640
    height: int = 250
    left: int = 48
    right: int = 24
    top: int = 16
    bottom: int = 40
    gridlines: list[dict[str, Any]] = field(default_factory=list)
    ticks: list[dict[str, Any]] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)


def line_chart(title: str, periods: list[Period], lines: list[tuple[str, dict[int, Result]]]) -> LineChart:
    """Geometry of a chart of several series (label, {period id: result}) over `periods`, 0–100 %."""
    c = LineChart(title)
    plot_w, plot_h = c.width - c.left - c.right, c.height - c.top - c.bottom

    def y(p: float) -> float:
        return round(c.top + plot_h * (1 - p), 1)

    for pct in range(0, 101, 20):
        c.gridlines.append({"y": y(pct / 100), "label": f"{pct}%"})
    n = len(periods)
    step = plot_w / max(n - 1, 1)
    xs = [round(c.left + (step * i if n > 1 else plot_w / 2), 1) for i in range(n)]
    every = max(1, (n + 5) // 6)
    c.ticks = [
        {"x": x, "label": p.label}
        for i, (x, p) in enumerate(zip(xs, periods, strict=True))
        if i % every == 0 or i == n - 1
    ]
    for i, (label, results) in enumerate(lines):
        colour, dash, marker = STYLES[i % len(STYLES)]
        s = Series(label, colour, dash, marker)
        coords = []
        for x, p in zip(xs, periods, strict=True):
            r = results.get(p.pk)
            if r is not None:
                coords.append(f"{x},{y(r.proportion)}")
                s.points.append({"x": x, "y": y(r.proportion)})
        s.line = " ".join(coords)
        c.series.append(s)
    return c


def _by(results: Iterable[Result]) -> dict[tuple[int, int | None], dict[int, Result]]:
    """{(measure id, borough id or None): {period id: result}}."""
    out: dict[tuple[int, int | None], dict[int, Result]] = {}
    for r in results:
        out.setdefault((r.measure_id, r.borough_id), {})[r.period_id] = r
    return out


@dataclass
class MeasureTrend:
    measure: Measure
    chart: LineChart
    rows: list[tuple[str, Borough | None, list[Result | None]]]  # (label, borough or None for London, per period)


@dataclass
class BoroughLatest:
    borough: Borough
    figures: list[tuple[Measure, Result | None, stats.Comparison]]


@dataclass
class Dashboard:
    periods: list[Period]
    measures: list[Measure]
    trends: list[MeasureTrend]
    latest_period: Period | None = None
    boroughs: list[BoroughLatest] = field(default_factory=list)
    london_latest: list[Result | None] = field(default_factory=list)

    @property
    def results(self) -> list[Result | None]:
        shown = [r for t in self.trends for _l, _b, rs in t.rows for r in rs]
        shown += [r for b in self.boroughs for _m, r, _c in b.figures] + self.london_latest
        return shown

    @property
    def fictional(self) -> bool:
        return queries.any_fictional(self.results)


def _results(periods: list[Period], boroughs: list[Borough] | None) -> list[Result]:
    qs = Result.objects.filter(period__in=periods).select_related("source", "period")
    if boroughs is not None:
        qs = qs.filter(borough__in=boroughs) | qs.filter(borough__isnull=True)
    return list(qs)


def _latest_table(
    dash: Dashboard, boroughs: list[Borough], by: dict[tuple[int, int | None], dict[int, Result]]
) -> None:
    period = dash.periods[-1] if dash.periods else None
    dash.latest_period = period
    if period is None:
        return
    dash.london_latest = [by.get((m.pk, None), {}).get(period.pk) for m in dash.measures]
    for b in boroughs:
        figures = []
        for m, london in zip(dash.measures, dash.london_latest, strict=True):
            mine = by.get((m.pk, b.pk), {}).get(period.pk)
            figures.append((m, mine, queries._compare(mine, london)))
        dash.boroughs.append(BoroughLatest(b, figures))


def board(boroughs: list[Borough]) -> Dashboard:
    """London's trend per measure, and every borough's latest quarter beside London."""
    periods = quarters()
    measures = list(Measure.objects.all())
    by = _by(_results(periods, boroughs))
    trends = []
    for m in measures:
        london = by.get((m.pk, None), {})
        chart = line_chart(f"{m.label}: London, last {len(periods)} quarters", periods, [("London", london)])
        trends.append(MeasureTrend(m, chart, [("London", None, [london.get(p.pk) for p in periods])]))
    dash = Dashboard(periods, measures, trends)
    _latest_table(dash, boroughs, by)
    return dash


def commander(borough: Borough, similar: list[Borough]) -> Dashboard:
    """The borough's trend per measure beside London's and each similar borough's."""
    periods = quarters()
    measures = list(Measure.objects.all())
    shown = [borough, *similar]
    by = _by(_results(periods, shown))
    trends = []
    for m in measures:
        lines: list[tuple[str, Borough | None, dict[int, Result]]] = [
            (borough.name, borough, by.get((m.pk, borough.pk), {})),
            ("London", None, by.get((m.pk, None), {})),
        ]
        lines += [(b.name, b, by.get((m.pk, b.pk), {})) for b in similar]
        chart = line_chart(
            f"{m.label}: {borough.name}, London and similar boroughs", periods, [(label, rs) for label, _b, rs in lines]
        )
        rows = [(label, b, [rs.get(p.pk) for p in periods]) for label, b, rs in lines]
        trends.append(MeasureTrend(m, chart, rows))
    dash = Dashboard(periods, measures, trends)
    _latest_table(dash, shown, by)
    return dash
