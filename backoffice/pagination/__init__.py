"""Paging without counting millions of rows, and every page as cheap as the first.

A page fetches one row more than it shows, to know whether there is a next one. The total is
counted exactly only up to ``LIST_EXACT_COUNT_LIMIT`` rows (a bounded ``COUNT`` over a
``LIMIT`` subquery); above that, PostgreSQL's planner estimate is shown instead ("about 1.2
million"), which costs a fraction of a millisecond where an exact count costs ~80 ms per million.

"Next" and "Previous" carry a cursor: the sort values of the last (or first) row shown, so the
next page is ``WHERE (sort, id) < (…) LIMIT 51`` on the index instead of ``OFFSET 500000``
(876 ms on a million rows). Every other way into a list is one the index serves as well, so that
no page costs more than about twice the first (issue 17; figures in docs/performance.md):

- "Last page" reads the ordering reversed (the index backwards), then pages back with Previous;
- "Go to" a day, when the list is ordered by a date or a time: the first row on or before it
  (newest first) or on or after it (oldest first), ``WHERE created_at < day + 1`` on the index;
- "Go to" letters, when it is ordered by a text key (the name key): the first key that starts
  with them or comes after them (A to Z), or before them (Z to A);
- a page number typed by hand is read with OFFSET, whose cost grows with the rows it skips: up
  to ``LIST_MAX_TYPED_PAGE`` only. A deeper one shows no rows and a sentence pointing at the
  jumps and the filters; the pager never offers one.

Nothing a query string holds fails a page: a number that is not one, a cursor the list did not
issue, a day that is not a date or letters that are not letters give the first page (or the
page by its number) and a sentence saying what was not understood (``Page.notices``).

The parts: ``counting`` (the bounded count and the estimate), ``cursors`` (keyset cursors),
``jumps`` (a day, letters) and ``pages`` (a page read whichever way the query string asks).
"""

from .counting import BoundedPaginator, bounded_count, planner_estimate
from .cursors import decode_cursor, encode_cursor
from .jumps import Jump
from .pages import MAX_PAGE, Page, page_number_from, paginate

__all__ = [
    "MAX_PAGE",
    "BoundedPaginator",
    "Jump",
    "Page",
    "bounded_count",
    "decode_cursor",
    "encode_cursor",
    "page_number_from",
    "paginate",
    "planner_estimate",
]
