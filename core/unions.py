"""Several short lists of one model in one round trip: sliced, ordered querysets read as one UNION ALL.

Django cannot combine sliced querysets on SQLite, so each branch is wrapped in a derived table
(`SELECT * FROM (...)`), which SQLite and PostgreSQL both accept. A branch must select the model's own
columns only (no select_related), and may use distinct().
"""

from collections.abc import Sequence
from typing import TypeVar

from django.db.models import IntegerField, Model, QuerySet, Value

M = TypeVar("M", bound=Model)

_BRANCH = "eh_branch"


def union_all(branches: Sequence[QuerySet[M]]) -> list[list[M]]:
    """The rows of each (sliced, ordered) queryset, read in one query; one list per queryset, in its order."""
    if not branches:
        return []
    model = branches[0].model
    parts: list[str] = []
    params: list[object] = []
    for i, qs in enumerate(branches):
        if qs.model is not model:
            raise ValueError("Every branch of union_all must read the same model.")
        sql, branch_params = qs.annotate(**{_BRANCH: Value(i, output_field=IntegerField())}).query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS {_BRANCH}_{i}")  # noqa: S608 - compiled SQL; values are parameters
        params.extend(branch_params)
    out: list[list[M]] = [[] for _ in branches]
    for row in model._default_manager.raw(" UNION ALL ".join(parts), params):
        out[int(getattr(row, _BRANCH))].append(row)
    return out
