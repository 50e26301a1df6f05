"""Counting a list without counting millions of rows: exactly up to a bound, then PostgreSQL's
planner estimate ("about 1.2 million", a fraction of a millisecond where an exact count costs
~80 ms per million)."""

import json
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet

from ..markup import grouped


def planner_estimate(queryset: QuerySet) -> int | None:
    """The number of rows PostgreSQL expects ``queryset`` to return; None on other databases."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    sql, params = estimated_sql(queryset)
    return estimate_of(queryset.db, sql, params)


def estimated_sql(queryset: QuerySet) -> tuple[str, tuple]:
    """The SQL whose rows ``planner_estimate`` asks the planner to estimate."""
    return queryset.order_by().values("pk").query.sql_with_params()


def estimate_of(alias: str, sql: str, params) -> int | None:
    """The planner's estimate of the rows ``sql`` returns (PostgreSQL), or None."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(queryset: QuerySet, limit: int) -> int:
    """The number of rows, counting at most ``limit + 1`` of them."""
    return counted_rows(queryset, limit).count()


def counted_rows(queryset: QuerySet, limit: int) -> QuerySet:
    """The rows ``bounded_count`` counts: at most ``limit + 1``, their ids only."""
    if queryset.query.combinator:  # a UNION takes no values(): count its rows as they are
        return queryset.order_by()[: limit + 1]
    return queryset.order_by().values("pk")[: limit + 1]


class BoundedPaginator(Paginator):
    """Django's paginator for a queue that grows with history, counting at most
    ``LIST_EXACT_COUNT_LIMIT`` + 1 rows (as the lists do): past that the count is "more than
    1,000", with the planner's estimate on PostgreSQL, and the pages stop there (a queue is
    worked from its top; deeper is reached with its filters)."""

    def __init__(self, queryset: QuerySet, per_page: int, *, same_as: tuple | None = None, **kwargs):
        """``same_as``: as ``paginate``'s, the name of everything the queryset's SQL depends on;
        its first page, count and estimate are then compiled once (``first_pages``)."""
        super().__init__(queryset, per_page, **kwargs)
        self.queryset = queryset
        self.same_as = same_as

    @cached_property
    def count(self) -> int:
        if self.same_as is not None:
            from . import first_pages

            return first_pages.count(self.queryset, settings.LIST_EXACT_COUNT_LIMIT, self.same_as)
        return bounded_count(self.queryset, settings.LIST_EXACT_COUNT_LIMIT)

    def page(self, number):
        number = self.validate_number(number)
        if self.same_as is None or number != 1:
            return super().page(number)
        from . import first_pages

        top = self.per_page if self.per_page + self.orphans < self.count else self.count  # as Paginator.page
        rows = first_pages.rows(self.queryset[:top], self.same_as)
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]  # Paginator's own

    @property
    def is_exact(self) -> bool:
        return self.count <= settings.LIST_EXACT_COUNT_LIMIT

    @cached_property
    def estimate(self) -> int | None:
        if self.is_exact or self.queryset.query.combinator:
            return None
        if self.same_as is not None:
            from . import first_pages

            estimate = first_pages.estimate(self.queryset, self.same_as)
        else:
            estimate = planner_estimate(self.queryset)
        return max(estimate, self.count) if estimate is not None else None

    @property
    def count_label(self) -> str:
        """ "37", or "more than 1,000 (about 12,000)"."""
        if self.is_exact:
            return grouped(self.count)
        about = f" (about {grouped(self.estimate)})" if self.estimate else ""
        return f"more than {grouped(settings.LIST_EXACT_COUNT_LIMIT)}{about}"
