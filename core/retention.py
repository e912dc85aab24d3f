"""How long records are kept: periods in words for the privacy notice, and the cut-off for a period."""

from datetime import datetime, timedelta

from django.conf import settings


def days(name: str) -> int:
    """A retention period from the settings (see engagehub/settings.py), in days."""
    return int(getattr(settings, name))


def cutoff(now: datetime, name: str) -> datetime:
    """Records from before this moment are past the period named by the setting `name`."""
    return now - timedelta(days=days(name))


def in_words(name: str) -> str:
    """A period in words: "90 days", "1 year", "2 years", "18 months"."""
    n = days(name)
    if n % 365 == 0:
        years = n // 365
        return f"{years} year{'s' if years != 1 else ''}"
    if n % 30 == 0 and n >= 60:
        return f"{n // 30} months"
    return f"{n} day{'s' if n != 1 else ''}"
