"""Versioned cache keys for public ward and borough pages.

A page is cached under a key holding its ward's (or borough's) version; changing anything shown on
the page bumps the version, so stale copies are never served and nothing has to be deleted. Ward and borough
pages keep what they cache (the whole page, the area's content) with the versions it was made for (`kept`,
`keep`), so a warm page costs one cache round trip: the versions and the page read together.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

_VERSION_TTL = 60 * 60 * 24 * 30
log = logging.getLogger(__name__)


def _key(kind: str, ident: int | str) -> str:
    return f"pagever:{kind}:{ident}"


def _fresh_version() -> int:
    # A version that was never used before: if a version is evicted or expires, pages cached under an
    # older one must not come back. Microseconds outrun any number of bumps in between (a version read,
    # bumped and lost again within the same millisecond came back as the bumped one).
    return time.time_ns() // 1000


def _versions(*areas: tuple[str, int | str]) -> list[int]:
    """The current versions of several areas in one cache round trip (a query with the database cache)."""
    return _current(areas, cache.get_many([_key(kind, ident) for kind, ident in areas]))


def _current(areas: Iterable[tuple[str, int | str]], found: dict[str, Any]) -> list[int]:
    """The areas' versions from what a cache read `found`; one never set (or evicted) is set to a fresh one."""
    versions = []
    for kind, ident in areas:
        key = _key(kind, ident)
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
    _versions_held.pop(key, None)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _fresh_version(), _VERSION_TTL)
        return
    # Some backends (database, file) reset an entry's timeout on incr: keep the version for its full time.
    cache.touch(key, _VERSION_TTL)


# Told of every change once its versions are bumped: (wards, boroughs, London as a whole). The public site makes
# the pages again ahead of their visitors (website.prerender).
_listeners: list[Callable[[list[int], list[int], bool], None]] = []


def after_change(listener: Callable[[list[int], list[int], bool], None]) -> None:
    """Call `listener(wards, boroughs, london)` after each change's pages are marked stale."""
    if listener not in _listeners:
        _listeners.append(listener)


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
        for listener in _listeners:
            try:
                listener(ward_ids, borough_ids, london)
            except Exception:  # the change is made and its pages stale: what a listener adds is not worth a 500
                log.exception("A listener to page changes failed.")

    transaction.on_commit(bump)


def page_key(kind: str, ident: int | str, *extra: str) -> str:
    """A cache key for a page that changes whenever its area (or London as a whole) is invalidated."""
    area, everything = _versions((kind, ident), ("all", 0))
    parts = [f"page:{kind}:{ident}:v{area}:a{everything}", *extra]
    return ":".join(parts)


def _slot(kind: str, ident: int | str, name: str) -> str:
    return f"pagekept:{kind}:{ident}:{name}"


# What this process last read or kept under each slot, as stored: (tag, value, until). A copy is used only while its
# tag is the area's current one and before `until` (when the shared entry expires too), so it is never staler than
# the cache; it spares reading and unpickling a whole page from the cache on every request.
_held: dict[str, tuple[str, Any, float]] = {}
_HELD_MAX = 256


def _hold(slot: str, entry: Any) -> bool:
    if not (isinstance(entry, tuple) and len(entry) == 3):
        return False
    if len(_held) >= _HELD_MAX:
        _held.clear()
    _held[slot] = entry
    return True


# The versions this process read for `kept`, each for a second after it was read: (version, until). A warm page
# then takes no cache read at all; a change made in another process reaches this one's visitors within that second
# (one made in this process, at once: `_bump` drops its copy).
VERSION_HOLD_SECONDS = 1.0
_versions_held: dict[str, tuple[int, float]] = {}


def forget() -> None:
    """Drop what this process holds (the cache was emptied: tests)."""
    _held.clear()
    _versions_held.clear()


def kept(kind: str, ident: int | str, *names: str, fresh: bool = False) -> tuple[str, dict[str, Any]]:
    """The area's page tag (its version and London's) and what is kept under each of `names` for that tag, read
    with the versions in one cache round trip (one query with the database cache; what this process holds already
    is not read again, versions read in the last second included, unless `fresh`). Whatever was kept under an
    older tag is left out: any change shown there makes it stale."""
    areas = ((kind, ident), ("all", 0))
    keys = [_key(k, i) for k, i in areas]
    slots = {name: _slot(kind, ident, name) for name in names}
    now = time.time()
    versions = {} if fresh else {k: v[0] for k in keys if (v := _versions_held.get(k)) is not None and v[1] > now}
    held = {slot: copy for slot in slots.values() if (copy := _held.get(slot)) is not None and copy[2] > now}
    wanted = [*(k for k in keys if k not in versions), *(s for s in slots.values() if s not in held)]
    found = cache.get_many(wanted) if wanted else {}
    found.update(versions)
    area, everything = _current(areas, found)
    for key, value in zip(keys, (area, everything), strict=True):
        if key not in versions:  # read now, or set now when the cache had none
            _versions_held[key] = (value, now + VERSION_HOLD_SECONDS)
    tag = f"v{area}:a{everything}"
    stale = [slot for slot, entry in held.items() if entry[0] != tag]
    if stale:  # held from before a change: what the cache has now, if anything
        found.update(cache.get_many(stale))
        for slot in stale:
            held.pop(slot)
    entries = {}
    for name, slot in slots.items():
        entry: Any = held.get(slot)
        if entry is None:
            entry = found.get(slot)
            if not _hold(slot, entry):
                continue
        if entry[0] == tag and entry[2] > now:
            entries[name] = entry[1]
    return tag, entries


def keep(kind: str, ident: int | str, name: str, tag: str, value: Any, timeout: int) -> None:
    """Keep `value` under `name` for the area's pages as of `tag` (from `kept`), for `timeout` seconds."""
    slot, entry = _slot(kind, ident, name), (tag, value, time.time() + timeout)
    cache.set(slot, entry, timeout)
    _hold(slot, entry)
