"""The calendar's cells as HTML, made in Python: a busy borough's month holds hundreds of occurrences, and each
shown through the template engine cost about a tenth of a millisecond (the page's largest part at 1,000,000
activities). Every text is escaped."""

from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from activities.models import Activity
from activities.queries import Occurrence


@dataclass(frozen=True)
class Cell:
    link: SafeString  # in the month's grid: "18:00 Community meeting…"
    line: SafeString  # in the day-by-day list: "18:00–20:00 Community meeting (Lewisham NPT, planned)"


TITLE_IN_GRID = 30  # characters of a title in the month's grid, the ellipsis included


def _short(title: str) -> str:
    return title if len(title) <= TITLE_IN_GRID else f"{title[: TITLE_IN_GRID - 1]}…"


def by_day(occurrences: list[Occurrence]) -> dict[date, list[Cell]]:
    """The occurrences' cells by their London day, in time order. Written with `html.escape` and f-strings:
    `format_html` and `Truncator` cost more than everything else on a month of a thousand occurrences."""
    tz = timezone.get_current_timezone()
    statuses = {value: str(label).lower() for value, label in Activity.Status.choices}
    found: dict[date, list[Cell]] = {}
    for o in occurrences:
        starts, ends = o.starts_at.astimezone(tz), o.ends_at.astimezone(tz)
        activity = o.activity
        unit = activity.organising_unit
        url, title = escape(o.url), escape(activity.title)
        link = f'<a class="govuk-link govuk-body-s" href="{url}">{starts:%H:%M} {escape(_short(activity.title))}</a>'
        line = (
            f'{starts:%H:%M}–{ends:%H:%M} <a class="govuk-link" href="{url}">{title}</a> '
            f"({escape(unit.short_name or unit.name)}, {escape(statuses.get(activity.status, activity.status))})"
        )
        # every text above is escaped
        found.setdefault(starts.date(), []).append(Cell(mark_safe(link), mark_safe(line)))  # noqa: S308
    return found
