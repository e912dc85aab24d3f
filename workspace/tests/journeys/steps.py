"""Steps that several staff journeys take: open a page, follow a link, press a button, plan an activity."""

import re
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone


def visit(walk: Any, *paths: str) -> None:
    """Open each page and check it."""
    for path in paths:
        response = walk.goto(path)
        assert response.status < 400, f"{path}: {response.status}"
        walk.check()


def follow(walk: Any, name: str | re.Pattern[str], role: str = "link") -> None:
    """Follow the first link (or press the first button) of that name, and check the page it leads to."""
    walk.page.get_by_role(role, name=name).first.click()  # type: ignore[arg-type]
    walk.page.wait_for_load_state()
    walk.check()


def press(walk: Any, name: str | re.Pattern[str]) -> None:
    follow(walk, name, role="button")


def local_input(when: datetime) -> str:
    """A datetime as a datetime-local input takes it."""
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def plan_activity(walk: Any, title: str, *, ward: str = "Catford South", days_ahead: int = 20) -> str:
    """A planner plans an activity in a ward through the planning form; returns the activity's page URL."""
    page = walk.page
    walk.goto("/activities/new/")
    walk.check()
    starts = timezone.localtime(timezone.now() + timedelta(days=days_ahead)).replace(hour=14, minute=0)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Why this is taking place").fill("To hear residents' views on road safety near the schools.")
    page.get_by_label("Method").select_option(index=1)
    page.get_by_label("Wards (optional)").fill(ward)
    page.get_by_label("Starts").fill(local_input(starts))
    page.get_by_label("Ends").fill(local_input(starts + timedelta(hours=2)))
    press(walk, "Save")
    assert page.get_by_role("heading", name=title).is_visible(), page.url
    url: str = page.url
    return url
