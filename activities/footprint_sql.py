"""Hot reads of the footprint table in plain SQL: one round trip, one index per branch of a UNION ALL.

Clash and fatigue checks run as the planning form is filled, so they skip the ORM's query compilation
(which costs more than the indexed reads themselves) and send one statement whose branches each use
one of the footprint indexes (ward+start, kind+borough+start, kind+start, community+start, long+end).
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from activities.models import ActivityPlace

Part = tuple[str, list[Any]]
TABLE = ActivityPlace._meta.db_table


def dt(value: datetime) -> Any:
    """A datetime as the database driver wants it (naive UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


def aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if timezone.is_naive(value) else value


def in_list(column: str, values: Sequence[int | str]) -> Part:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def fetch(
    places: list[Part], when: Part, columns: Sequence[str], *, exclude_id: int | None = None, cap: int = 3000
) -> list[tuple[Any, ...]]:
    """Rows matching (place AND when) for each place, as one UNION ALL statement."""
    if not places:
        return []
    cols = ", ".join(columns)
    branches: list[str] = []
    params: list[Any] = []
    when_sql, when_params = when
    for place_sql, place_params in places:
        extra = " AND activity_id <> %s" if exclude_id else ""
        # only our own column names and fragments with %s placeholders are interpolated; values are parameters
        branch = f"SELECT {cols} FROM {TABLE} WHERE ({place_sql}) AND ({when_sql}){extra} LIMIT {int(cap)}"  # noqa: S608
        branches.append(f"SELECT * FROM ({branch}) b{len(branches)}")  # noqa: S608
        params += place_params + when_params + ([exclude_id] if exclude_id else [])
    sql = " UNION ALL ".join(branches)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def names(table: str, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    where, params = in_list("id", sorted(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name FROM {table} WHERE {where}", params)  # noqa: S608 - table names are ours
        return dict(cursor.fetchall())


def soonest_activities(
    places: list[Part], when: list[Part], activity_where: Part, *, per_branch: int, limit: int
) -> list[tuple[int, datetime]]:
    """(activity id, first start) of the `limit` activities starting soonest in any (place AND when), whose
    activity matches `activity_where` (columns of the activity table, as `a.column`): one UNION ALL statement
    whose branches each read one footprint index in start order (at most `per_branch` rows each)."""
    activity_table = ActivityPlace._meta.get_field("activity").related_model._meta.db_table
    activity_sql, activity_params = activity_where
    branches: list[str] = []
    params: list[Any] = []
    for place_sql, place_params in places:
        for when_sql, when_params in when:
            # only our own column names and fragments with %s placeholders are interpolated; values are parameters
            branches.append(
                f"SELECT * FROM (SELECT p.activity_id, p.starts_at FROM {TABLE} p "  # noqa: S608
                f"INNER JOIN {activity_table} a ON a.id = p.activity_id "
                f"WHERE ({place_sql}) AND ({when_sql}) AND ({activity_sql}) "
                f"ORDER BY p.starts_at LIMIT {int(per_branch)}) b{len(branches)}"
            )
            params += place_params + when_params + activity_params
    sql = (
        f"SELECT activity_id, MIN(starts_at) AS first_start FROM ({' UNION ALL '.join(branches)}) found "  # noqa: S608
        f"GROUP BY activity_id ORDER BY first_start, activity_id LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(activity_id, aware(start)) for activity_id, start in cursor.fetchall()]
