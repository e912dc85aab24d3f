"""The calendar's cells as HTML, made in Python: a busy borough's month holds hundreds of occurrences, and each
shown through the template engine cost about a tenth of a millisecond (the page's largest part at 1,000,000
activities). Every text is escaped (`format_html`)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from activities.queries import Occurrence


@dataclass(frozen=True)
class Cell:
    link: SafeString  # in the month's grid: "18:00 Community meeting…"
    line: SafeString  # in the day-by-day list: "18:00–20:00 Community meeting (Lewisham NPT, planned)"


def by_day(occurrences: list[Occurrence]) -> dict[date, list[Cell]]:
    """The occurrences' cells by their London day, in time order."""
    found: dict[date, list[Cell]] = {}
    for o in occurrences:
        starts, ends = timezone.localtime(o.starts_at), timezone.localtime(o.ends_at)
        activity = o.activity
        unit = activity.organising_unit
        link = format_html(
            '<a class="govuk-link govuk-body-s" href="{}">{} {}</a>',
            o.url,
            f"{starts:%H:%M}",
            Truncator(activity.title).chars(30),
        )
        line = format_html(
            '{}–{} <a class="govuk-link" href="{}">{}</a> ({}, {})',
            f"{starts:%H:%M}",
            f"{ends:%H:%M}",
            o.url,
            activity.title,
            unit.short_name or unit.name,
            activity.get_status_display().lower(),
        )
        found.setdefault(starts.date(), []).append(Cell(link, line))
    return found
