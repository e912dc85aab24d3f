"""London's places as reference data held in each process: read once, not on every page.

Boroughs, wards, command units and census figures come from the ONS and change only when `load_london`
reloads them. Pages look them up here instead of querying for them. The copy held is dropped when a place
changes in this process (signals below), and at the latest `MAX_AGE` seconds after it was read, so that a
reload in another process (the `load_london` command) reaches every web worker. The objects handed out are
shared between requests: read them, never change them.
"""

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Aggregate, CharField, IntegerField, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.signals import post_delete, post_save

from places.models import Borough, CensusFigure, CommandUnit, Ward

MAX_AGE = 10 * 60
M = TypeVar("M", bound=Model)


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


def fill_places(obj: Model, name: str, places: list[Any]) -> None:
    """Give `obj.<name>.all()` (a many-to-many of wards or boroughs) these places, as prefetch_related leaves it:
    a queryset whose results are already there, so reading them costs no query."""
    qs = getattr(obj, name).all()
    qs._result_cache = sorted(places, key=lambda a: a.name)
    qs._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs


class _IdList(Aggregate):
    """The ids of a group as text, "3,17" (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s::text, ',')", **extra
        )


def _link_ids(model: type[Model], name: str) -> Subquery:
    """The ward or borough ids of a row's many-to-many `name`, as text: a correlated subquery of the link table."""
    field: Any = model._meta.get_field(name)
    source, target = field.m2m_column_name(), field.m2m_reverse_name()
    links = field.remote_field.through.objects.filter(**{source: OuterRef("pk")}).order_by().values(source)
    return Subquery(links.annotate(ids=_IdList(target)).values("ids")[:1], output_field=CharField())


def with_place_ids(qs: QuerySet[M], wards: str = "wards", boroughs: str = "boroughs") -> QuerySet[M]:
    """Read each row's ward and borough ids with the row, for `prefetch_places` (no query of its own then)."""
    return qs.annotate(  # type: ignore[return-value]  # the same rows, with two more attributes
        eh_ward_ids=_link_ids(qs.model, wards), eh_borough_ids=_link_ids(qs.model, boroughs)
    )


def _ids(text: str | None) -> set[int]:
    return {int(i) for i in (text or "").split(",") if i}


def prefetch_places(objects: Sequence[Model], wards: str = "wards", boroughs: str = "boroughs") -> None:
    """prefetch_related(wards, boroughs) for many-to-many fields to Ward and Borough, with the places held here:
    from the ids read with the rows (`with_place_ids`), or else from one query of both link tables."""
    for obj, (ward_list, borough_list) in places_of(objects, wards, boroughs).items():
        fill_places(obj, wards, ward_list)
        fill_places(obj, boroughs, borough_list)


def places_of(
    objects: Sequence[Model], wards: str = "wards", boroughs: str = "boroughs"
) -> dict[Model, tuple[list[Ward], list[Borough]]]:
    """Each object's wards and boroughs (many-to-many fields to Ward and Borough), by name, from the places held
    here: as `prefetch_places` reads them, for a page that only shows them."""
    if not objects:
        return {}
    found: dict[int, tuple[set[int], set[int]]] = {}
    if all(hasattr(o, "eh_ward_ids") for o in objects):
        found = {o.pk: (_ids(o.eh_ward_ids), _ids(o.eh_borough_ids)) for o in objects}  # type: ignore[attr-defined]
    else:
        meta = type(objects[0])._meta
        ids = [o.pk for o in objects]
        found = {pk: (set(), set()) for pk in ids}
        branches = []
        for i, name in enumerate((wards, boroughs)):
            field: Any = meta.get_field(name)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = field.remote_field.through.objects.filter(**{f"{source}__in": ids})
            branches.append(links.values_list(source, target, Value(i, output_field=IntegerField())))
        for obj_id, place_id, kind in branches[0].union(branches[1], all=True):
            found[obj_id][kind].add(place_id)
    ward_objects = by_pk(Ward, set().union(*(w for w, _ in found.values())))
    borough_objects = by_pk(Borough, set().union(*(b for _, b in found.values())))
    out: dict[Model, tuple[list[Ward], list[Borough]]] = {}
    for obj in objects:
        ward_ids, borough_ids = found[obj.pk]
        out[obj] = (
            sorted((ward_objects[i] for i in ward_ids if i in ward_objects), key=lambda a: a.name),
            sorted((borough_objects[i] for i in borough_ids if i in borough_objects), key=lambda a: a.name),
        )
    return out


def ward_ids_in(borough_ids: set[int]) -> set[int]:
    """The ids of every ward of these boroughs."""
    held = _places().wards_of
    return {w.pk for borough_id in borough_ids for w in held.get(borough_id, [])}


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
