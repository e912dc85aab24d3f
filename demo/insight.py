"""A clearly fictional demonstration series of survey results: the last eight quarters, and the rolling years
ending with the last five of them, for every borough and London, for four measures. Every figure belongs to a
source marked fictional, and every page showing one carries the "Fictional demonstration figures" banner. Real
imported figures are never overwritten. Idempotent: a second run changes nothing."""

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from insight.measures import seed_measures
from insight.models import Measure, Period, Result, Source
from places.models import Borough

SOURCE = "Fictional demonstration figures (not Public Attitude Survey results)"
MEASURES = {"informed-local": 0.45, "understand-issues": 0.68, "deal-with-what-matters": 0.62, "good-job-local": 0.55}
QUARTER_BASE, LONDON_QUARTER_BASE = 100, 3200
CITY_OF_LONDON = "E09000001"  # the survey covers the 32 boroughs; the City has its own police force


def _quarters(today: date, n: int) -> list[tuple[str, date, date]]:
    """The last `n` whole financial quarters (April–June is Q1) before today, oldest first."""
    starts = []
    y, m = today.year, ((today.month - 1) // 3) * 3 + 1  # the current calendar quarter's first month
    for _ in range(n):
        m -= 3
        if m < 1:
            m += 12
            y -= 1
        starts.append(date(y, m, 1))
    out = []
    for s in reversed(starts):
        nm, ny = (s.month + 3, s.year) if s.month <= 9 else (s.month - 9, s.year + 1)
        end = date(ny, nm, 1) - timedelta(days=1)
        fy = s.year if s.month >= 4 else s.year - 1
        q = ((s.month - 4) % 12) // 3 + 1
        out.append((f"{fy}-{str(fy + 1)[2:]} Q{q}", s, end))
    return out


def _period(label: str, start: date, end: date, kind: str) -> Period:
    period, _ = Period.objects.get_or_create(label=label, defaults={"start": start, "end": end, "kind": kind})
    return period


@transaction.atomic
def load(stdout: Any) -> None:
    seed_measures(Measure)
    source, _ = Source.objects.get_or_create(name=SOURCE, defaults={"is_fictional": True})
    if not source.is_fictional:
        stdout.write("insight: a non-fictional source has the demo source's name; no demo figures made\n")
        return
    boroughs = list(Borough.objects.exclude(code=CITY_OF_LONDON).order_by("code"))
    quarters = _quarters(timezone.localdate(), 8)
    rng = random.Random(18)  # noqa: S311 - invented figures, not security
    made = 0
    for key, level in MEASURES.items():
        measure = Measure.objects.get(key=key)
        series: dict[int, list[float]] = {}
        for b in boroughs:
            p = min(0.9, max(0.1, level + rng.uniform(-0.08, 0.08)))
            walk = []
            for _ in quarters:
                p = min(0.95, max(0.05, p + rng.gauss(0, 0.02)))
                walk.append(p)
            series[b.pk] = walk
        for i, (label, start, end) in enumerate(quarters):
            period = _period(label, start, end, Period.Kind.QUARTER)
            values = [(b, round(series[b.pk][i], 3), QUARTER_BASE + rng.randint(-12, 12)) for b in boroughs]
            made += _save(measure, period, source, values, LONDON_QUARTER_BASE)
            if i >= 3:  # a rolling year ends with each of the last quarters
                first = quarters[i - 3]
                rolling = _period(f"12 months to {end:%B %Y}", first[1], end, Period.Kind.ROLLING_12)
                values = [(b, round(sum(series[b.pk][i - 3 : i + 1]) / 4, 3), 4 * QUARTER_BASE) for b in boroughs]
                made += _save(measure, rolling, source, values, 4 * LONDON_QUARTER_BASE)
    stdout.write(f"insight: {made} fictional demonstration figures\n")


def _save(
    measure: Measure, period: Period, source: Source, values: list[tuple[Borough, float, int]], london_base: int
) -> int:
    """Save the boroughs' figures and London's (their mean), leaving any figure from a real source alone."""
    taken = set(
        Result.objects.filter(measure=measure, period=period)
        .exclude(source=source)
        .values_list("borough_id", flat=True)
    )
    made = 0
    for b, p, n in values:
        if b.pk not in taken:
            made += _put(measure, period, b, p, n, source)
    if None not in taken and values:
        made += _put(measure, period, None, round(sum(v for _b, v, _n in values) / len(values), 3), london_base, source)
    return made


def _put(measure: Measure, period: Period, borough: Borough | None, p: float, n: int, source: Source) -> int:
    _obj, created = Result.objects.get_or_create(
        measure=measure, period=period, borough=borough, defaults={"proportion": p, "base": n, "source": source}
    )
    return int(created)
