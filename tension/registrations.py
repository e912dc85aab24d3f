"""What the tension app adds to shared pages, through `core.registry`: planning notices, the items a register
activity answers (on its staff page), the staff menu, personal
data and the privacy notice. Nothing on public pages, feeds or the open API."""

from typing import Any

from django.utils.translation import gettext, gettext_noop

from core import registry
from tension import engagement, notices, permissions, services
from tension.models import MARKING


def planning_notices(user: Any, places: registry.Places) -> list[registry.Notice]:
    """For staff planning engagement who may read tension: boroughs, wards and communities whose published
    tension is elevated or rising, in the areas they read."""
    if not getattr(user, "is_authenticated", False) or not permissions.reads_tension(user):
        return []
    return notices.planning_notices(lambda borough_id: permissions.reads_area(user, borough_id), places)


def activity_section(activity: Any, request: Any) -> dict[str, Any] | None:
    """On a register activity's page: the tension items it answers, to those who may see them."""
    user = request.user
    if not permissions.sees_tension_pages(user):
        return None
    items = engagement.responses_to(user, activity)
    return {"items": items, "marking": MARKING} if items else None


def register() -> None:
    registry.planning_notices.add("tension", planning_notices)
    registry.activity_page.add("tension", order=50, template="tension/_activity_section.html", context=activity_section)
    registry.staff_nav.add("Community tension", "tension:index", order=78, visible=permissions.sees_tension_pages)
    registry.personal_data.add(
        "tension", export=services.export_personal_data, erase=services.erase_personal_data, accounts_only=True
    )
    registry.personal_records.add(
        "tension.advisers",
        order=90,
        record=gettext_noop(
            "Community tension and critical incidents (staff and partners only): who gave information, the "
            "names of independent advisers and community members of an incident's advisory cell, and which "
            "members of a key individual network were contacted about an incident"
        ),
        basis=gettext_noop("Public task: preventing disorder and keeping the peace with the communities affected"),
        kept=lambda: gettext(
            "With the incident's record; staff and partner names are removed when their accounts are deleted"
        ),
    )
