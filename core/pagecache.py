"""Versioned cache keys for public ward and borough pages.

A page is cached under a key holding its ward's (or borough's) version; changing anything shown on
the page bumps the version, so stale copies are never served and nothing has to be deleted.
"""

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

_VERSION_TTL = 60 * 60 * 24 * 30


def _key(kind: str, ident: int | str) -> str:
    return f"pagever:{kind}:{ident}"


def _fresh_version() -> int:
    # A version that was never used before: if a version is evicted or expires, pages cached under an
    # older one must not come back. Microseconds outrun any number of bumps in between (a version read,
    # bumped and lost again within the same millisecond came back as the bumped one).
    return time.time_ns() // 1000


def _versions(*areas: tuple[str, int | str]) -> list[int]:
    """The current versions of several areas in one cache round trip (a query with the database cache)."""
    keys = [_key(kind, ident) for kind, ident in areas]
    found = cache.get_many(keys)
    versions = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, _fresh_version(), _VERSION_TTL)
            value = cache.get(key, _fresh_version())
        versions.append(int(value))
    return versions


def version(kind: str, ident: int | str) -> int:
    return _versions((kind, ident))[0]


def _bump(kind: str, ident: int | str) -> None:
    key = _key(kind, ident)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _fresh_version(), _VERSION_TTL)
        return
    # Some backends (database, file) reset an entry's timeout on incr: keep the version for its full time.
    cache.touch(key, _VERSION_TTL)


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
    area, everything = _versions((kind, ident), ("all", 0))
    parts = [f"page:{kind}:{ident}:v{area}:a{everything}", *extra]
    return ":".join(parts)
