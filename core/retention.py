"""How long records are kept: periods in words for the privacy notice, and the cut-off for a period."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import ngettext


def days(name: str) -> int:
    """A retention period from the settings (see engagehub/settings.py), in days."""
    return int(getattr(settings, name))


def cutoff(now: datetime, name: str) -> datetime:
    """Records from before this moment are past the period named by the setting `name`."""
    return now - timedelta(days=days(name))


def in_words(name: str) -> str:
    """A period in words, in the active language: "90 days", "1 year", "2 years", "18 months"."""
    n = days(name)
    if n % 365 == 0:
        years = n // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if n % 30 == 0 and n >= 60:
        months = n // 30
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    return ngettext("%(count)d day", "%(count)d days", n) % {"count": n}
