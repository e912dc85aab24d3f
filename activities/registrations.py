"""What the engagement register adds to shared pages: ward/borough sections, workspace cards, demo data."""

from typing import Any

from django.http import HttpRequest


def ward_section(ward: Any, request: HttpRequest) -> dict[str, Any] | None:
    from activities.queries import upcoming_public_for_ward

    return {"activities": upcoming_public_for_ward(ward, limit=10), "place": ward, "kind": "ward"}


def borough_section(borough: Any, request: HttpRequest) -> dict[str, Any] | None:
    from activities.queries import upcoming_public_for_borough

    return {"activities": upcoming_public_for_borough(borough, limit=10), "place": borough, "kind": "borough"}


def register() -> None:
    from core import registry

    registry.ward_page.add("activities", order=30, template="activities/_place_section.html", context=ward_section)
    registry.borough_page.add(
        "activities", order=30, template="activities/_place_section.html", context=borough_section
    )
