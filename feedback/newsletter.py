"""The section feedback gives a ward's newsletter draft (`core.registry.ward_newsletter`)."""

from typing import Any

from core import registry
from feedback import queries


def lines(ward: Any) -> list[str]:
    out = []
    for r in queries.for_ward(ward)[:5]:
        did = getattr(r, "we_did", "") or ""
        out.append(f"- {r}" + (f": {did}" if did else ""))
    return out


def register() -> None:
    registry.ward_newsletter.add("feedback", order=20, title="You said, we did", lines=lines)
