from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.translation import get_language, gettext

from core import registry


@lru_cache(maxsize=1024)
def _address(url_name: str, urlconf: str, language: str | None) -> str | None:
    """A menu link's address, worked out once per process for each language (it never changes while running)."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _links(nav: registry.NavRegistry, user: Any = None) -> list[dict[str, str]]:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    language = get_language()
    links = []
    for item in nav.ordered():
        if item.visible is not None and not item.visible(user):
            continue
        url = _address(item.url_name, urlconf, language)
        if url is not None:
            # Public menu labels are marked with gettext_noop where they are registered, and shown in the page's
            # language here; staff labels have no translations, so this leaves them as they are.
            links.append({"label": gettext(item.label), "url": url})
    return links


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "SERVICE_NAME": "Engagement Hub",
        "SITE_URL": settings.SITE_URL,
        "DEBUG": settings.DEBUG,
        "public_nav": _links(registry.public_nav),
        # Worked out only on the pages that show the staff menu (the template calls it).
        "staff_nav": lambda: _links(registry.staff_nav, user),
    }
