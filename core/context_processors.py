from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, gettext

from core import registry
from core.addresses import address
from core.templatetags.eh import is_current


@lru_cache(maxsize=1024)
def _translated(label: str, language: str | None) -> str:
    """A menu label in the page's language, looked up once per process for each language."""
    return gettext(label)


def _links(nav: registry.NavRegistry, user: Any = None) -> list[dict[str, str]]:
    links = []
    for item in nav.ordered():
        if item.visible is not None and not item.visible(user):
            continue
        url = address(item.url_name)  # worked out once per process for each language
        if url is not None:
            # Public menu labels are marked with gettext_noop where they are registered, and shown in the page's
            # language here; staff labels have no translations, so this leaves them as they are.
            links.append({"label": _translated(item.label, get_language()), "url": url})
    return links


def _menu_key(request: HttpRequest, user: Any, links: list[dict[str, str]]) -> tuple[Any, ...] | None:
    """Everything the menu in base.html shows a visitor who is not signed in, besides the language: its links and
    which is the page shown; the menu is then rendered once for each and kept (`{% kept %}`). None for a signed-in
    visitor, whose menu holds their CSRF token."""
    if user is None or user.is_authenticated:
        return None
    path = request.path
    urls = [address("website:home"), address("website:boroughs"), address("account_login")]
    urls += [link["url"] for link in links]
    return (*((url, is_current(url or "", path)) for url in urls), *(link["label"] for link in links))


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    public_nav = _links(registry.public_nav)
    return {
        "SERVICE_NAME": "Engagement Hub",
        "SITE_URL": settings.SITE_URL,
        "DEBUG": settings.DEBUG,
        "public_nav": public_nav,
        "menu_key": _menu_key(request, user, public_nav),
        # Worked out only on the pages that show the staff menu (the template calls it).
        "staff_nav": lambda: _links(registry.staff_nav, user),
    }
