"""Pages of the register that stay quick at London scale: the list counts its matches only up to a cap and says
so ("more than 10,000"), instead of counting millions of rows on every page."""

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 10_000  # the list counts up to this many matches; the borough map is drawn when no more match


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` (`capped` is then true): pages past the cap are not offered.

    `counted` is the queryset of the matches, or a function counting them up to a given number."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        counted: QuerySet[Any] | Callable[[int], int],
        cap: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.counted = counted
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def matches(self) -> int:
        """The matches, counted up to one more than the cap (in no order: any cap + 1 of them will do)."""
        if callable(self.counted):
            return self.counted(self.cap + 1)
        return self.counted.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.matches > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.matches, self.cap)
