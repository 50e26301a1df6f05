"""A page of a list, read whichever way the query string asks (a cursor, the last page, a jump,
a page number up to ``LIST_MAX_TYPED_PAGE``), each from the index where the ordering allows."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intword
from django.db.models import Q, QuerySet, Subquery

from ..markup import grouped
from . import first_pages
from .counting import bounded_count, planner_estimate
from .cursors import beyond, cursor_for, key_of, ordering_of, reversed_ordering, usable_cursor
from .jumps import Jump, jump_for, quoted


@dataclass
class Page:
    """One page of a list. ``number`` is None where the page was reached by a jump or by Last on
    a list too long to count: its place is known by its rows, not by a number."""

    object_list: list
    number: int | None
    per_page: int
    has_next: bool
    has_previous: bool = False
    total: int | None = None
    estimate: int | None = None
    more_than: int | None = None
    next_cursor: str = ""
    previous_cursor: str = ""
    # The ordering pages by keyset: First, Last, the cursors and the jumps are offered.
    keyset: bool = False
    jump: Jump | None = None
    jumped_to: str = ""  # the date or letters the page was opened at
    is_last: bool = False
    # A page number beyond LIST_MAX_TYPED_PAGE, read by OFFSET: no rows, and a notice.
    refused: bool = False
    max_page: int = 0
    notices: list[str] = field(default_factory=list)

    @property
    def start_index(self) -> int:
        if not self.object_list or self.number is None:
            return 0
        return (self.number - 1) * self.per_page + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1 if self.start_index else 0

    @property
    def is_exact(self) -> bool:
        return self.total is not None

    @property
    def count_label(self) -> str:
        """ "37", "about 1.2 million" or "more than 1,000"."""
        if self.total is not None:
            return grouped(self.total)
        if self.estimate:
            return f"about {intword(self.estimate)}"
        return f"more than {grouped(self.more_than or 0)}"

    @property
    def jump_label(self) -> str:
        """Where a jump opened the page: "Created on or before 12 March 2024"."""
        return self.jump.describe(self.jumped_to) if self.jump and self.jumped_to else ""

    @property
    def page_count(self) -> int | None:
        """How many pages the list has, when it is counted exactly."""
        return max(1, -(-self.total // self.per_page)) if self.total is not None else None

    @property
    def offers_next(self) -> bool:
        """Next is offered unless it would be a page number beyond the bound (a list whose
        ordering cannot page by keyset, at its last typed page)."""
        return self.has_next and (bool(self.next_cursor) or (self.number or 0) < self.max_page)

    @property
    def is_alone(self) -> bool:
        """The whole list is on this page: no pager."""
        return self.number == 1 and not self.has_next


def paginate(
    queryset: QuerySet,
    *,
    page_number: int | None = 1,
    per_page: int | None = None,
    after: str = "",
    before: str = "",
    last: bool = False,
    jump: str = "",
    same_as: tuple | None = None,
) -> Page:
    """The page the query string asks for (``page_number`` None: none typed), each way in read
    from the index where the ordering allows it: a cursor (``after``, ``before``), the last page
    (``last``), a date or letters (``jump``), then a page number up to ``LIST_MAX_TYPED_PAGE``.

    ``same_as`` names everything ``queryset``'s SQL depends on (the list, its sort, the viewer's
    scope: the caller vouches for it): the first page's queries, the same each time, are then
    compiled once per process for that name (``first_pages``), as a list opened without filters
    (most often) reads them."""
    per_page = per_page or settings.LIST_PAGE_SIZE
    ordering = ordering_of(queryset)
    page = Page(
        object_list=[],
        number=page_number,
        per_page=per_page,
        has_next=False,
        keyset=ordering is not None,
        jump=jump_for(queryset, ordering),
        max_page=settings.LIST_MAX_TYPED_PAGE,
    )
    if page_number is not None and page_number > MAX_PAGE:
        page.number = None  # a label no link writes: the rows are found by their cursor
    cursor = usable_cursor(queryset, ordering, after or before) if after or before else None
    if (after or before) and cursor is None:
        page.notices.append(
            "The link’s place in the list could not be read (it may come from another sort order):"
            " the page is shown by its number."
        )
    counted = None
    if ordering and cursor is not None:
        _read_by_cursor(page, queryset, ordering, cursor, forward=bool(after))
    elif ordering and last:
        counted = _read_last(page, queryset, ordering)
    elif page.jump and jump:
        try:
            condition = page.jump.condition(jump)
        except ValueError as error:
            page.notices.append(f"{error} The first page is shown.")
            _read_by_number(page, queryset, 1)
        else:
            _read_from(page, queryset, ordering, condition, jump)
    else:
        if jump:
            page.notices.append("“Go to” needs the list sorted by a date or by a name: the first page is shown.")
        elif last:
            page.notices.append("This sort order has no “Last page”: the first page is shown.")
        page_number = None if last or jump else page_number
        if same_as is not None and (page_number or 1) == 1:
            first_pages.read(page, queryset, same_as)
        else:
            same_as = None
            _read_by_number(page, queryset, page_number or 1)
    if ordering and page.object_list:
        rows = page.object_list
        page.next_cursor = cursor_for(rows[-1], ordering) if page.has_next else ""
        page.previous_cursor = cursor_for(rows[0], ordering) if page.has_previous else ""
    if counted is None and page.number == 1 and not page.has_next:
        page.total = len(page.object_list)
        return page
    _count(page, queryset, counted, same_as)
    if page.number and page.number > 1 and not page.object_list and page.page_count is not None:
        # Beyond the end of a list counted exactly: say so, rather than that it is too far.
        page.notices = [n for n in page.notices if not page.refused or n != _refusal(page)]
        page.notices.append(f"Page {page.number:,} is beyond the end of this list, which has {_pages(page)}.")
        page.refused, page.has_previous, page.previous_cursor = True, False, ""
    return page


def _pages(page: Page) -> str:
    return "1 page" if page.page_count == 1 else f"{page.page_count:,} pages"


def _read_by_cursor(page: Page, queryset: QuerySet, ordering, cursor: list, *, forward: bool) -> None:
    per_page = page.per_page
    if forward:
        rows = list(queryset.filter(beyond(ordering, cursor, forward=True))[: per_page + 1])
        page.object_list, page.has_next = rows[:per_page], len(rows) > per_page
    else:
        previous = list(
            queryset.filter(beyond(ordering, cursor, forward=False)).order_by(*reversed_ordering(ordering))[
                : per_page + 1
            ]
        )
        page.object_list, page.has_next = list(reversed(previous[:per_page])), True
        if len(previous) <= per_page:
            # Reached the start: page 1 is the first ``per_page`` rows, not the few before a page a
            # jump opened (the pages after it are numbered from a full page 1).
            rows = list(queryset[: per_page + 1])
            page.object_list, page.has_next = rows[:per_page], len(rows) > per_page
            page.number = 1
    page.has_previous = page.number is None or page.number > 1


def _read_last(page: Page, queryset: QuerySet, ordering) -> int:
    """The last page, read by the ordering reversed (the index backwards). Counted exactly, it
    holds the rows the page numbers would give it (and has its number); beyond the exact count,
    the last ``per_page`` rows. Returns the bounded count."""
    counted = bounded_count(queryset, settings.LIST_EXACT_COUNT_LIMIT)
    size = page.per_page
    page.number = None
    if counted <= settings.LIST_EXACT_COUNT_LIMIT:
        page.number = max(1, -(-counted // page.per_page))
        size = counted - (page.number - 1) * page.per_page
    rows = list(queryset.order_by(*reversed_ordering(ordering))[:size]) if size else []
    page.object_list = rows[::-1]
    page.is_last, page.has_next = True, False
    page.has_previous = page.number is None or page.number > 1
    return counted


def _read_from(page: Page, queryset: QuerySet, ordering, condition: Q, jump: str) -> None:
    """The page that starts at the first row meeting the jump's ``condition``; whether a row
    comes before it is one more look at the index (LIMIT 1)."""
    assert page.jump is not None
    per_page = page.per_page
    rows = list(queryset.filter(condition)[: per_page + 1])
    page.object_list, page.has_next = rows[:per_page], len(rows) > per_page
    page.jumped_to = page.jump.normal(jump)
    page.number = None
    if not rows:
        page.notices.append(page.jump.nothing(jump))
        return
    page.has_previous = queryset.filter(beyond(ordering, key_of(rows[0], ordering), forward=False)).exists()
    if not page.has_previous:
        page.number = 1


def _read_by_number(page: Page, queryset: QuerySet, number: int) -> None:
    page.number = number
    if number > page.max_page:
        page.refused = True
        page.notices.append(_refusal(page))
        return
    per_page = page.per_page
    offset = (number - 1) * per_page
    if offset:
        # Skip rows by id only, then read the page's rows whole: otherwise the database
        # computes every skipped row's annotations (1.2 s → 0.2 s at page 2,000).
        window = queryset.values("pk")[offset : offset + per_page + 1]
        rows = list(queryset.filter(pk__in=Subquery(window)))
    else:
        rows = list(queryset[: per_page + 1])
    page.object_list, page.has_next = rows[:per_page], len(rows) > per_page
    page.has_previous = number > 1


def _refusal(page: Page) -> str:
    """Why a page number is not opened, and what reaches the rows instead."""
    sentence = (
        f"Page {page.number:,} is too far into the list to open by its number: pages 1 to"
        f" {page.max_page} open directly, deeper ones would read every row before them."
    )
    if page.jump:
        return f"{sentence} Use “Last page”, “{page.jump.label}” below, or narrow the filters."
    if page.keyset:
        return f"{sentence} Use “Last page” below, Next from page {page.max_page}, or narrow the filters."
    return f"{sentence} Narrow the filters, or sort by another column to page further."


def _count(page: Page, queryset: QuerySet, counted: int | None, same_as: tuple | None = None) -> None:
    limit = settings.LIST_EXACT_COUNT_LIMIT
    if counted is None:
        counted = first_pages.count(queryset, limit, same_as) if same_as else bounded_count(queryset, limit)
    if counted <= limit:
        page.total = counted
    else:
        page.more_than = limit
        estimate = first_pages.estimate(queryset, same_as) if same_as else planner_estimate(queryset)
        page.estimate = max(estimate, limit + 1) if estimate is not None else None


# A page number above this is a label no link writes: a page reached by its cursor then shows none.
MAX_PAGE = 100_000


def page_number_from(request, param: str = "page") -> tuple[int | None, str]:
    """The page number typed in the query string (None when there is none), and a sentence
    when it is not one."""
    text = request.GET.get(param, "")
    if not text:
        return None, ""
    try:
        number = int(text)
    except (TypeError, ValueError, OverflowError):
        return None, f"“{quoted(text)}” is not a page number: the first page is shown."
    if number < 1:
        return None, "Pages are numbered from 1: the first page is shown."
    return number, ""
