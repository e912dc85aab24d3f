from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from core import registry


def _links(nav: registry.NavRegistry, user: Any = None) -> list[dict[str, str]]:
    links = []
    for item in nav.ordered():
        if item.visible is not None and not item.visible(user):
            continue
        try:
            links.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    return links


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SERVICE_NAME": "Engagement Hub",
        "SITE_URL": settings.SITE_URL,
        "DEBUG": settings.DEBUG,
        "public_nav": _links(registry.public_nav),
        "staff_nav": _links(registry.staff_nav, getattr(request, "user", None)),
    }
