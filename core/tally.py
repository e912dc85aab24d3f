"""Numbers a page shows from several domains, counted together in one query.

A domain's card says what to count without counting it: `CountOf(queryset)` in its context. The page that
composes the cards (the staff workspace) then counts every tally at once (`count_in`): one SELECT of scalar
subqueries, each built from the domain's own queryset, instead of one query a number.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


class CountOf:
    """How many rows a queryset holds, to be counted with others (`count_in`); a sliced queryset counts at most
    its slice, as `len(queryset[:n])` would."""

    __slots__ = ("queryset",)

    def __init__(self, queryset: QuerySet[Any]) -> None:
        self.queryset = queryset

    def _sql(self) -> tuple[str, tuple[Any, ...]] | None:
        """The counting subquery and its parameters; None when the queryset can hold nothing."""
        qs = self.queryset
        if not qs.query.is_sliced:
            qs = qs.order_by()
        try:
            sql, params = qs.values("pk").query.sql_with_params()
        except EmptyResultSet:
            return None
        return f"(SELECT COUNT(*) FROM ({sql}) tallied)", tuple(params)  # noqa: S608 - compiled SQL; values are parameters


def count(tallies: list[CountOf]) -> list[int]:
    """Every tally's count, in order, read in one query (none when every one is empty)."""
    parts = [t._sql() for t in tallies]
    columns = [p for p in parts if p is not None]
    values: list[int] = []
    if columns:
        # Only SQL compiled by the ORM is put together here; every value travels as a parameter.
        sql = "SELECT " + ", ".join(c for c, _ in columns)
        params = tuple(p for _, ps in columns for p in ps)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            values = [int(v) for v in cursor.fetchone()]
    found = iter(values)
    return [0 if p is None else next(found) for p in parts]


def count_in(contexts: Iterable[dict[str, Any]]) -> None:
    """Replace every `CountOf` among the contexts' values by its count, all read in one query."""
    contexts = list(contexts)
    places = [(ctx, key) for ctx in contexts for key, value in ctx.items() if isinstance(value, CountOf)]
    for (ctx, key), n in zip(places, count([ctx[key] for ctx, key in places]), strict=True):
        ctx[key] = n
