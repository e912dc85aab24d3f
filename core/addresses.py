"""Addresses of pages that take no arguments, worked out once per process for each language.

`reverse()` walks the URL patterns every time it is called; the menu and footer of every page ask for the same
dozen addresses, which never change while the process runs (only with the language, the URL configuration and
the prefix the server mounts the service under).
"""

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=1024)
def _reversed(url_name: str, urlconf: str, language: str | None, prefix: str) -> str | None:
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def address(url_name: str) -> str | None:
    """The address of the page named `url_name` (no arguments) in the current language; None if there is none."""
    return _reversed(url_name, get_urlconf() or settings.ROOT_URLCONF, get_language(), get_script_prefix())
