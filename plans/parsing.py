"""Read deadlines and budgets as printed in plans ("Apr – Nov 2006", "ongoing", "£130,000.") into
structured values, keeping the printed text alongside."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from core.errors import ServiceError

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DASH = re.compile(r"\s*[–—]\s*|\s+-\s+|\s+(?:to|and)\s+|(?<=[a-z])\s*[-/]\s*(?=[a-z])")
_EMPTY = {"", "-", "_", "–", "—", "n/a", "none"}


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str  # "", "date", "period", "ongoing"
    start: date | None = None
    end: date | None = None


def _month(word: str) -> int | None:
    return MONTHS.get(word.strip().lower()[:3])


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _point(text: str) -> tuple[int | None, int | None, int | None]:
    """(day, month, year) of "12 April 2011", "Sept 2006", "June", "2006" or an ISO date; Nones if unknown."""
    text = text.strip().strip(".,")
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1))
    dmy = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if dmy:
        return int(dmy.group(1)), int(dmy.group(2)), int(dmy.group(3))
    words = text.replace(",", " ").split()
    day = month = year = None
    for word in words:
        if re.fullmatch(r"\d{4}", word):
            year = int(word)
        elif re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", word):
            day = int(re.sub(r"\D", "", word))
        elif _month(word) and word.isalpha():
            month = _month(word)
        else:
            return None, None, None
    return day, month, year


def parse_deadline(text: str) -> Deadline:
    """Understand a printed deadline. Raises ServiceError when it cannot be read."""
    printed = " ".join((text or "").split())
    low = printed.lower().replace("on going", "ongoing")
    if low in _EMPTY:
        return Deadline(printed, "")
    if low == "ongoing":
        return Deadline(printed, "ongoing")
    ongoing = "ongoing" in low
    core = re.sub(r"(\s*(-|–|—|and)\s*)?ongoing(\s*(-|–|—|and)\s*)?", " ", low).strip()
    parts = [p for p in _DASH.split(core) if p]
    points = [_point(p) for p in parts]
    if not parts or any(p == (None, None, None) for p in points) or len(parts) > 2:
        raise ServiceError(
            f"Cannot read the deadline “{printed}”. Use a date (2026-03-31 or March 2026), "
            "a period (Apr – Nov 2026) or “ongoing”.",
            field="deadline",
        )
    # A year given only at the end applies to every part ("Apr – Nov 2006").
    last_year = next((y for _, _, y in reversed(points) if y), None)
    if last_year is None:
        raise ServiceError(f"The deadline “{printed}” needs a year.", field="deadline")
    resolved = []
    for day, month, year in points:
        resolved.append((day, month, year or last_year))
    (d1, m1, y1) = resolved[0]
    start = date(y1, m1 or 1, d1 or 1)
    if len(resolved) == 1:
        if ongoing:
            return Deadline(printed, "ongoing", start=start)
        if d1:
            return Deadline(printed, "date", start=start, end=start)
        end = _last_day(y1, m1) if m1 else date(y1, 12, 31)
        return Deadline(printed, "date", start=start, end=end)
    (d2, m2, y2) = resolved[1]
    end = date(y2, m2, d2) if (d2 and m2) else (_last_day(y2, m2) if m2 else date(y2, 12, 31))
    if end < start:
        raise ServiceError(f"The deadline “{printed}” ends before it starts.", field="deadline")
    return Deadline(printed, "ongoing" if ongoing else "period", start=start, end=None if ongoing else end)


# What Action.budget (max_digits=12, decimal_places=2) can hold.
MAX_BUDGET = Decimal("9999999999.99")


def parse_budget(text: str | Decimal | int | float | None) -> Decimal | None:
    """Pounds as a Decimal from "£130,000.", "1500" or a number; None when no budget is printed."""
    if text is None:
        return None
    if isinstance(text, Decimal | int | float):
        value = Decimal(str(text))
    else:
        raw = text.strip().replace("£", "").replace(",", "").replace(" ", "").rstrip(".")
        if raw.lower() in _EMPTY:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise ServiceError(f"Cannot read the budget “{text}”: give an amount in pounds.", field="budget") from exc
    if not value.is_finite():
        raise ServiceError(f"Cannot read the budget “{text}”: give an amount in pounds.", field="budget")
    if value < 0:
        raise ServiceError("A budget cannot be negative.", field="budget")
    if value > MAX_BUDGET:
        raise ServiceError(f"A budget can be at most £{MAX_BUDGET:,}.", field="budget")
    return value.quantize(Decimal("0.01"))
