"""The section priorities give a ward's newsletter draft (`core.registry.ward_newsletter`)."""

from typing import Any

from core import registry
from priorities import queries


def lines(ward: Any) -> list[str]:
    return [f"- {p}" for p in queries.current_priorities(ward)[:5]]


def register() -> None:
    registry.ward_newsletter.add("priorities", order=10, title="Our current priorities", lines=lines)
