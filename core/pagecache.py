"""Versioned cache keys for public ward and borough pages.

A page is cached under a key holding its ward's (or borough's) version; changing anything shown on
the page bumps the version, so stale copies are never served and nothing has to be deleted.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

_VERSION_TTL = 60 * 60 * 24 * 30


def _key(kind: str, ident: int | str) -> str:
    return f"pagever:{kind}:{ident}"


def version(kind: str, ident: int | str) -> int:
    value = cache.get(_key(kind, ident))
    if value is None:
        value = 1
        cache.set(_key(kind, ident), value, _VERSION_TTL)
    return int(value)


def _bump(kind: str, ident: int | str) -> None:
    key = _key(kind, ident)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, _VERSION_TTL)


def invalidate(*, wards: Iterable[int] = (), boroughs: Iterable[int] = (), london: bool = False) -> None:
    """Mark pages stale after the current transaction commits (ward, borough and London pages)."""
    ward_ids, borough_ids = list(wards), list(boroughs)

    def bump() -> None:
        for w in ward_ids:
            _bump("ward", w)
        for b in borough_ids:
            _bump("borough", b)
        if london:
            _bump("london", 0)
            _bump("all", 0)

    transaction.on_commit(bump)


def page_key(kind: str, ident: int | str, *extra: str) -> str:
    """A cache key for a page that changes whenever its area (or London as a whole) is invalidated."""
    parts = [f"page:{kind}:{ident}:v{version(kind, ident)}:a{version('all', 0)}", *extra]
    return ":".join(parts)
