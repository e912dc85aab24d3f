"""Occurrences of a recurring activity: weekly, fortnightly, monthly, six-weekly or quarterly, up to a bound."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings

MAX_OCCURRENCES = 270  # weekly for five years, with room to spare
MAX_SPAN_DAYS = 366 * 5 + 2

STEPS: dict[str, relativedelta] = {
    "weekly": relativedelta(weeks=1),
    "fortnightly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
    "six_weekly": relativedelta(weeks=6),
    "quarterly": relativedelta(months=3),
}

# iCalendar RRULE parts for each recurrence
RRULE: dict[str, dict[str, object]] = {
    "weekly": {"freq": "weekly", "interval": 1},
    "fortnightly": {"freq": "weekly", "interval": 2},
    "monthly": {"freq": "monthly", "interval": 1},
    "six_weekly": {"freq": "weekly", "interval": 6},
    "quarterly": {"freq": "monthly", "interval": 3},
}


def occurrence_starts(
    starts_at: datetime, recurrence: str, repeat_until: date | None, exception_dates: list[str] | None = None
) -> list[datetime]:
    """Every start, in local wall-clock time (so a weekly 7 pm meeting stays at 7 pm across clock changes)."""
    if not recurrence:
        return [starts_at]
    tz = ZoneInfo(settings.TIME_ZONE)
    local = starts_at.astimezone(tz)
    naive = local.replace(tzinfo=None)
    step = STEPS[recurrence]
    skip = set(exception_dates or [])
    out: list[datetime] = []
    n = 0
    current = naive
    while repeat_until is not None and current.date() <= repeat_until and n < MAX_OCCURRENCES + 1:
        if current.date().isoformat() not in skip:
            out.append(current.replace(tzinfo=tz))
        n += 1
        current = naive + step * n
    return out


def count_occurrences(starts_at: datetime, recurrence: str, repeat_until: date | None) -> int:
    return len(occurrence_starts(starts_at, recurrence, repeat_until, []))


def max_step(recurrence: str) -> timedelta:
    return {"weekly": timedelta(weeks=1)}.get(recurrence, timedelta(days=92))
