"""London's places as reference data held in each process: read once, not on every page.

Boroughs, wards, command units and census figures come from the ONS and change only when `load_london`
reloads them. Pages look them up here instead of querying for them. The copy held is dropped when a place
changes in this process (signals below), and at the latest `MAX_AGE` seconds after it was read, so that a
reload in another process (the `load_london` command) reaches every web worker. The objects handed out are
shared between requests: read them, never change them.
"""

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save

from places.models import Borough, CensusFigure, CommandUnit, Ward

MAX_AGE = 10 * 60


@dataclass
class _Places:
    read_at: float
    boroughs: dict[str, Borough]
    wards: dict[str, Ward]
    wards_of: dict[int, list[Ward]]
    by_pk: dict[type, dict[int, Any]]
    boroughs_of_unit: dict[int, list[Borough]]
    census: dict[tuple[int, tuple[str, ...]], list[CensusFigure]] = field(default_factory=dict)


_lock = threading.Lock()
_held: _Places | None = None


def _read() -> _Places:
    boroughs = list(Borough.objects.select_related("command_unit").order_by("name"))
    by_pk = {b.pk: b for b in boroughs}
    wards = list(Ward.objects.order_by("name"))
    wards_of: dict[int, list[Ward]] = {b.pk: [] for b in boroughs}
    for ward in wards:
        ward.borough = by_pk[ward.borough_id]  # shared, so `ward.borough` costs no query
        wards_of[ward.borough_id].append(ward)
    units: dict[int, list[Borough]] = {}
    for borough in boroughs:
        if borough.command_unit_id is not None:
            units.setdefault(borough.command_unit_id, []).append(borough)
    return _Places(
        read_at=time.monotonic(),
        boroughs={b.code: b for b in boroughs},
        wards={w.code: w for w in wards},
        wards_of=wards_of,
        by_pk={Ward: {w.pk: w for w in wards}, Borough: by_pk},
        boroughs_of_unit=units,
    )


def _places() -> _Places:
    global _held
    held = _held
    if held is None or time.monotonic() - held.read_at > MAX_AGE:
        with _lock:
            held = _held
            if held is None or time.monotonic() - held.read_at > MAX_AGE:
                held = _held = _read()
    return held


def forget(*args: Any, **kwargs: Any) -> None:
    """Drop the copy held (the next look-up reads the places again)."""
    global _held
    _held = None


def ward(code: str) -> Ward | None:
    """The ward with this ONS code (any case), with its borough, or None."""
    return _places().wards.get(code.upper())


def borough(code: str) -> Borough | None:
    """The borough with this ONS code (any case), with its command unit, or None."""
    return _places().boroughs.get(code.upper())


def by_pk(model: type[Ward] | type[Borough], ids: set[int]) -> dict[int, Any]:
    """Wards or boroughs by primary key (read afresh once if one is not held yet; unknown ones are left out)."""
    for attempt in range(2):
        held = _places().by_pk[model]
        found = {pk: held[pk] for pk in ids if pk in held}
        if len(found) == len(ids) or attempt:
            return found
        forget()
    return found


def borough_list() -> list[Borough]:
    """Every borough by name."""
    return sorted(_places().boroughs.values(), key=lambda b: b.name)


def wards_of(borough: Borough) -> list[Ward]:
    """A borough's wards by name."""
    return list(_places().wards_of.get(borough.pk, []))


def boroughs_policed_with(borough: Borough) -> list[Borough]:
    """The boroughs of the borough's command unit (itself included) by name; none without a command unit."""
    if borough.command_unit_id is None:
        return []
    return list(_places().boroughs_of_unit.get(borough.command_unit_id, []))


def census_figures(borough: Borough, topics: tuple[str, ...]) -> list[CensusFigure]:
    """The borough's Census 2021 percentages for these topics, in the order they were loaded."""
    held = _places()
    key = (borough.pk, topics)
    figures = held.census.get(key)
    if figures is None:
        figures = list(
            CensusFigure.objects.filter(borough=borough, topic__in=topics, unit=CensusFigure.Unit.PERCENT).order_by(
                "pk"
            )
        )
        held.census[key] = figures
    return figures


for _model in (Borough, Ward, CommandUnit, CensusFigure):
    post_save.connect(forget, sender=_model, dispatch_uid=f"places.reference.{_model.__name__}.save")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"places.reference.{_model.__name__}.delete")
