"""Where each equality context is. The app that owns a kind of context ("group", "consultation") registers
a function that gives the places one of them covers, so area scope can be applied to every equality output
without this app knowing about groups or consultations.

    contexts.register("group", group_area)   # in the owning app's AppConfig.ready()
    contexts.area_of("group:12")             # -> Area, or None if there is no such context
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Area:
    """The places a context covers (ward and borough objects or ids, or London as a whole)."""

    wards: Sequence[Any] = field(default_factory=tuple)
    boroughs: Sequence[Any] = field(default_factory=tuple)
    london: bool = False


_kinds: dict[str, Callable[[str], Area | None]] = {}


def register(kind: str, area_of: Callable[[str], Area | None]) -> None:
    """`area_of(ident)` gets what follows "kind:" and returns the context's area, or None if it does not exist."""
    _kinds[kind] = area_of


MAX_ID = 2**63 - 1


def parse_id(text: str) -> int | None:
    """A record id from a context ("12"), or None if it is not one a database could hold."""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse(context: str) -> tuple[str, str]:
    kind, _, ident = context.partition(":")
    return kind, ident


def area_of(context: str) -> Area | None:
    kind, ident = parse(context)
    resolver = _kinds.get(kind)
    if resolver is None or not ident:
        return None
    return resolver(ident)
