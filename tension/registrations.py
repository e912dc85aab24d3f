"""What the tension app adds to shared pages, through `core.registry`: planning notices, the staff menu, personal
data, the privacy notice and demo data. Nothing on public pages, feeds or the open API."""

from typing import Any

from core import registry
from tension import demo, permissions, queries, services


def planning_notices(user: Any, borough_ids: set[int]) -> list[str]:
    """For staff planning engagement: boroughs whose published tension is elevated or rising."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [n.text for n in queries.planning_notices(user, borough_ids)]


def register() -> None:
    registry.planning_notices.add("tension", planning_notices)
    registry.staff_nav.add("Community tension", "tension:index", order=78, visible=permissions.sees_tension_pages)
    registry.personal_data.add(
        "tension", export=services.export_personal_data, erase=services.erase_personal_data, accounts_only=True
    )
    registry.personal_records.add(
        "tension.advisers",
        order=90,
        record=(
            "Community tension and critical incidents (staff and partners only): who gave information, and the "
            "names of independent advisers and community members of an incident's advisory cell"
        ),
        basis="Public task: preventing disorder and keeping the peace with the communities affected",
        kept=lambda: "With the incident's record; staff and partner names are removed when their accounts are deleted",
    )
    registry.demo.add("tension", order=95, load=demo.load)
