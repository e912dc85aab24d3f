"""The section activities give a ward's newsletter draft (`core.registry.ward_newsletter`)."""

from typing import Any

from activities import queries
from core import registry


def lines(ward: Any) -> list[str]:
    out = []
    for a in queries.upcoming_public_for_ward(ward, limit=5):
        when = getattr(a, "starts_at", None)
        out.append(f"- {a}" + (f" ({when:%A %-d %B, %H:%M})" if when else ""))
    return out


def register() -> None:
    registry.ward_newsletter.add("activities", order=30, title="Coming meetings and events", lines=lines)
