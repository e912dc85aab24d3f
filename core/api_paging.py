"""One paging shape for every list of the API: `?page=&limit=` in, `{count, next, previous, results}` out.

Each app's `api.py` decorates a list operation with `@paginate(Paging)` (ninja's decorator) and returns a
queryset, a list, or `mapped(queryset, to_dict)` when each row is turned into a dict: only the rows of the
page asked for are then read and turned. `next` and `previous` are whole addresses keeping the other query
parameters; `null` at either end. A `limit` above `MAX_PAGE_SIZE`, or a page beyond `MAX_PAGE`, is a 422
naming the parameter (never silently clamped, never a database overflow).
"""

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, overload

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

from core.bounds import MAX_PAGE_SIZE

DEFAULT_PAGE_SIZE = 100
MAX_PAGE = 100_000

Row = TypeVar("Row")
Out = TypeVar("Out")

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE", "MAX_PAGE_SIZE", "Paging", "mapped", "page_url", "paginate"]


class Mapped(Generic[Row, Out]):
    """A queryset whose rows are turned into answers only when a page of them is read."""

    def __init__(self, rows: QuerySet[Any] | Sequence[Row], turn: Callable[[Row], Out]) -> None:
        self.rows = rows
        self.turn = turn

    def __len__(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Out: ...
    @overload
    def __getitem__(self, index: slice) -> list[Out]: ...
    def __getitem__(self, index: int | slice) -> Out | list[Out]:
        if isinstance(index, slice):
            return [self.turn(row) for row in self.rows[index]]
        return self.turn(self.rows[index])


def mapped(rows: QuerySet[Any] | Sequence[Row], turn: Callable[[Row], Out]) -> Mapped[Row, Out]:
    return Mapped(rows, turn)


def page_url(request: HttpRequest, page: int) -> str:
    """The address of another page of the same list, with the same filters."""
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class Paging(PaginationBase):
    """Page-number paging, bounded, with links to the next and previous pages."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"Which page, from 1 (at most {MAX_PAGE:,})")
        limit: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Results per page, 1 to {MAX_PAGE_SIZE}"
        )

    class Output(Schema):
        count: int = Field(..., description="Results in the whole list, on every page")
        next: str | None = Field(..., description="Address of the next page; null on the last")
        previous: str | None = Field(..., description="Address of the previous page; null on the first")
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page, limit = pagination.page, pagination.limit
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        start = (page - 1) * limit
        last_page = max(1, -(-count // limit))
        return {
            "count": count,
            "next": page_url(request, page + 1) if start + limit < count else None,
            "previous": page_url(request, min(page - 1, last_page)) if page > 1 else None,
            "results": queryset[start : start + limit] if start < count else [],
        }
