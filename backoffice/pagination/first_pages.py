"""A list's first page, opened without filters, read by SQL compiled once (issue 17).

Most list pages an agent opens are the first page of a list without filters: the same rows query,
the same bounded count and the same planner estimate each time, which the ORM built and compiled
again on every request (some 2,500 Python calls, a third of the page's own work). ``paginate``
reads them here when its caller names everything the SQL depends on (``same_as``: the list, its
sort, the viewer's scope); the first request of each name compiles them (``backoffice.prepared``
for the rows, so they are built as the ORM builds them), the next ones run them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import QuerySet

from ..prepared import plan_of, rows_of
from .counting import counted_rows, estimate_of, estimated_sql

if TYPE_CHECKING:
    from .pages import Page

_KEPT: dict[tuple, Any] = {}
_KEPT_AT_MOST = 1_000  # names (lists × sorts × sizes × scopes); emptied when full


def _kept(key: tuple, make: Callable[[], Any]) -> Any:
    found = _KEPT.get(key)
    if found is None:
        if len(_KEPT) >= _KEPT_AT_MOST:
            _KEPT.clear()
        found = _KEPT[key] = make()
    return found


def read(page: Page, queryset: QuerySet, same_as: tuple) -> None:
    """Page 1 of ``queryset``: its rows and whether more follow."""
    per_page = page.per_page
    page.number, page.has_previous = 1, False
    found = rows(queryset[: per_page + 1], same_as)
    page.object_list, page.has_next = found[:per_page], len(found) > per_page


def rows(sliced: QuerySet, same_as: tuple) -> list:
    """The rows of ``sliced`` (a first page: ``queryset[:size]``), its SQL compiled once."""
    query = sliced.query
    if query.is_empty():  # ``none()`` or no rows asked: no SQL to compile, as the ORM runs none
        return []
    return rows_of(_kept(("slice", sliced.db, same_as, query.low_mark, query.high_mark), lambda: plan_of(sliced)))


def count(queryset: QuerySet, limit: int, same_as: tuple) -> int:
    """``bounded_count(queryset, limit)``, its SQL compiled once."""
    if queryset.query.is_empty():  # ``none()`` has no SQL (the compiler raises EmptyResultSet)
        return 0

    def compiled() -> tuple[str, tuple]:
        sql, params = counted_rows(queryset, limit).query.get_compiler(queryset.db).as_sql()
        return f"SELECT COUNT(*) FROM ({sql}) subquery", tuple(params)  # noqa: S608 (the ORM's own SQL)

    sql, params = _kept(("count", queryset.db, same_as, limit), compiled)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def estimate(queryset: QuerySet, same_as: tuple) -> int | None:
    """``planner_estimate(queryset)``, its SQL compiled once."""
    if queryset.query.is_empty():
        return 0
    sql, params = _kept(("estimate", queryset.db, same_as), lambda: estimated_sql(queryset))
    return estimate_of(queryset.db, sql, params)
