"""Deliberate crashes for the fault test: a worker kills itself (SIGKILL) at a named point of sending.

Off unless the setting `ALERTS_FAULT_POINTS` is set, which only the fault test's worker settings do
(benchmarks/alerts/bench_settings.py reads `ALERTS_BENCH_FAULT_POINTS`). "after_accept=7" kills the process the
7th time it reaches that point. The points, in the order a batch passes them (docs/alerts.md):

- `before_send`: a window's rows are recorded as attempted and none has been handed to the server yet;
- `after_accept`: the server has accepted a message and it is not yet recorded as sent;
- `during_record`: inside the commit that records sent rows, before it commits.
"""

import os
import signal
from collections import Counter
from functools import cache

from django.conf import settings

POINTS = ("before_send", "after_accept", "during_record")
_reached: Counter[str] = Counter()


@cache
def _plan() -> dict[str, int]:
    plan: dict[str, int] = {}
    for part in str(getattr(settings, "ALERTS_FAULT_POINTS", "") or "").split(","):
        name, _, nth = part.strip().partition("=")
        if name in POINTS and nth.isdigit():
            plan[name] = int(nth)
    return plan


def reached(point: str) -> None:
    plan = _plan()
    if point not in plan:
        return
    _reached[point] += 1
    if _reached[point] == plan[point]:
        os.kill(os.getpid(), signal.SIGKILL)
