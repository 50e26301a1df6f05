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
"""

import base64
import datetime
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma, intword
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import Truncator


def planner_estimate(queryset: QuerySet) -> int | None:
    """The number of rows PostgreSQL expects ``queryset`` to return; None on other databases."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(queryset: QuerySet, limit: int) -> int:
    """The number of rows, counting at most ``limit + 1`` of them."""
    if queryset.query.combinator:  # a UNION takes no values(): count its rows as they are
        return queryset.order_by()[: limit + 1].count()
    return queryset.order_by().values("pk")[: limit + 1].count()


class BoundedPaginator(Paginator):
    """Django's paginator for a queue that grows with history, counting at most
    ``LIST_EXACT_COUNT_LIMIT`` + 1 rows (as the lists do): past that the count is "more than
    1,000", with the planner's estimate on PostgreSQL, and the pages stop there (a queue is
    worked from its top; deeper is reached with its filters)."""

    def __init__(self, queryset: QuerySet, per_page: int, **kwargs):
        super().__init__(queryset, per_page, **kwargs)
        self.queryset = queryset

    @cached_property
    def count(self) -> int:
        return bounded_count(self.queryset, settings.LIST_EXACT_COUNT_LIMIT)

    @property
    def is_exact(self) -> bool:
        return self.count <= settings.LIST_EXACT_COUNT_LIMIT

    @cached_property
    def estimate(self) -> int | None:
        if self.is_exact or self.queryset.query.combinator:
            return None
        estimate = planner_estimate(self.queryset)
        return max(estimate, self.count) if estimate is not None else None

    @property
    def count_label(self) -> str:
        """ "37", or "more than 1,000 (about 12,000)"."""
        if self.is_exact:
            return intcomma(self.count)
        about = f" (about {intcomma(self.estimate)})" if self.estimate else ""
        return f"more than {intcomma(settings.LIST_EXACT_COUNT_LIMIT)}{about}"


DATE = "date"
LETTERS = "letters"
# What a letter jump accepts once folded as the column is: a few characters, a letter or a digit
# among them (“van d”, “o'b”); the bound is a parameter, whatever it holds.
_MAX_LETTERS = 40
# Sorts after every character a key may hold, in byte order and in language-aware collations
# alike (a noncharacter, the last code point): "z" + it bounds every key that starts with "z".
_AFTER_EVERY_CHARACTER = chr(0x10FFFF)
# The order of a list's first sort key, in words: "Go to created on or before", "Go to name from".
_NOUN_SUFFIXES = (" at", " key", " label")


def _shown(text: str) -> str:
    """``text`` as a sentence may quote it back: printable, and short."""
    printable = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    return Truncator(printable.strip()).chars(30) or "(empty)"


@dataclass(frozen=True)
class Jump:
    """A place the index can seek to on a list's first sort key: a day when the list is ordered by
    a date or a time (``DATE``), the first letters when it is ordered by a text key (``LETTERS``).
    ``condition`` is a bound on that one column, so the page is read from the index like the
    first one, then paged with its cursors."""

    kind: str
    field: models.Field
    descending: bool
    # LETTERS: how the column is folded (the model's ``FOLDED_KEYS``), so typed letters compare
    # with the stored keys as they were written.
    fold: Callable[[str], str] = str.casefold

    @property
    def noun(self) -> str:
        noun = str(self.field.verbose_name)
        for suffix in _NOUN_SUFFIXES:
            noun = noun.removesuffix(suffix)
        return noun

    @property
    def label(self) -> str:
        if self.kind == DATE:
            return f"Go to {self.noun} on or {'before' if self.descending else 'after'}"
        return f"Go to {self.noun} from"

    @property
    def hint(self) -> str:
        if self.kind == DATE:
            nearest = (
                "the newest row of that day or before" if self.descending else "the oldest row of that day or after"
            )
            return f"A day: the list opens at {nearest}."
        return f"Letters A to Z: the list opens at the first {self.noun} that starts with them, or the nearest one."

    def condition(self, text: str) -> Q:
        """The rows at or beyond ``text`` in the list's order; ValueError (a sentence) when
        ``text`` is no date, or no letters."""
        if self.kind == DATE:
            return self._on_or_beyond(text)
        letters = self.fold(text.strip())
        if not (0 < len(letters) <= _MAX_LETTERS and any(char.isalnum() for char in letters)):
            raise ValueError(
                f"“{_shown(text)}” is not a letter: type one or more letters from A to Z to go to the"
                f" {self.noun} that starts with them."
            )
        if self.descending:  # Z to A: the last key that starts with them, or the nearest before
            return Q(**{f"{self.field.attname}__lt": letters + _AFTER_EVERY_CHARACTER})
        return Q(**{f"{self.field.attname}__gte": letters})

    def _on_or_beyond(self, text: str) -> Q:
        try:
            day = datetime.date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(
                f"“{_shown(text)}” is not a date: type it as YYYY-MM-DD, for example 2024-03-12."
            ) from None
        name = self.field.attname
        if not isinstance(self.field, models.DateTimeField):
            return Q(**{f"{name}__lte" if self.descending else f"{name}__gte": day})
        try:  # midnight where the list shows its times; a day at the calendar's ends bounds nothing
            boundary = day + datetime.timedelta(days=1) if self.descending else day
            moment = datetime.datetime.combine(boundary, datetime.time.min)
            if settings.USE_TZ:
                moment = timezone.make_aware(moment).astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            return Q()
        return Q(**{f"{name}__lt" if self.descending else f"{name}__gte": moment})

    def normal(self, text: str) -> str:
        """``text`` as the form shows it back: ``2024-03-12``, ``MAR``."""
        if self.kind == DATE:
            return datetime.date.fromisoformat(text.strip()).isoformat()
        return self.fold(text.strip()).upper()

    def describe(self, text: str) -> str:
        """Where the page was opened (``text`` as ``condition`` took it), in words: "Created on
        or before 12 March 2024", "Name from “MAR”"."""
        if self.kind == DATE:
            day = datetime.date.fromisoformat(text.strip())
            return f"{self.noun.capitalize()} on or {'before' if self.descending else 'after'} {_day(day)}"
        return f"{self.noun.capitalize()} from “{self.fold(text.strip()).upper()}”"

    def nothing(self, text: str) -> str:
        """The sentence for a jump beyond the list's end."""
        if self.kind == DATE:
            day = datetime.date.fromisoformat(text.strip())
            return f"No row {self.noun} on or {'before' if self.descending else 'after'} {_day(day)} in this list."
        return f"No {self.noun} from “{self.fold(text.strip()).upper()}” on in this order."


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def _jump_for(queryset: QuerySet, ordering) -> Jump | None:
    """The jump the list's first sort key allows: none unless the list pages by keyset."""
    if not ordering:
        return None
    name, descending = ordering[0]
    field = queryset.model._meta.pk if name == "pk" else _fields(queryset.model)[name]
    if isinstance(field, models.DateField):  # DateTimeField too
        return Jump(DATE, field, descending)
    # Letters only on a column stored folded, which the model names with the function that folds
    # it: compared with a column stored as typed ("Miller", "Mallory@…"), folded letters would
    # skip every capital (in byte order, "Z" sorts before "a").
    folded = getattr(queryset.model, "FOLDED_KEYS", {})
    if field.attname in folded:
        return Jump(LETTERS, field, descending, fold=import_string(folded[field.attname]))
    return None


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
            return intcomma(self.total)
        if self.estimate:
            return f"about {intword(self.estimate)}"
        return f"more than {intcomma(self.more_than)}"

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


def _fields(model) -> dict[str, models.Field]:
    """The model's columns by name and by column name (``customer`` and ``customer_id``)."""
    fields = {}
    for column in model._meta.concrete_fields:
        fields[column.name] = fields[column.attname] = column
    return fields


def _ordering(queryset: QuerySet) -> list[tuple[str, bool]] | None:
    """``[(field, descending)]`` when every ordering term is a plain column that cannot be
    NULL (a NULL would fall outside every "after" comparison); None otherwise."""
    terms = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    fields = _fields(queryset.model)
    ordering = []
    for term in terms:
        if not isinstance(term, str):
            return None
        name = term.lstrip("-")
        if name != "pk" and (name not in fields or fields[name].null):
            return None
        ordering.append((name, term.startswith("-")))
    return ordering or None


class _CursorEncoder(DjangoJSONEncoder):
    """Dates and times whole (Django's encoder cuts microseconds, which would repeat or skip
    rows that share a millisecond); other values as their text."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def encode_cursor(values: list) -> str:
    raw = json.dumps(values, cls=_CursorEncoder, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> list | None:
    """The key ``token`` holds; None if it is none of ours: not base64 JSON, not a list, or with
    text no column holds (a NUL, which PostgreSQL refuses in a query)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError:
        return None
    if not isinstance(values, list) or any(isinstance(value, str) and "\x00" in value for value in values):
        return None
    return values


def _cursor_for(row, ordering) -> str:
    values = [row.pk if name == "pk" else row.serializable_value(name) for name, _ in ordering]
    return "" if any(value is None for value in values) else encode_cursor(values)


def _after(ordering, values, *, forward: bool) -> Q:
    """Rows after ``values`` in ``ordering`` (before them when not ``forward``): an OR of
    "equal on the first k fields, beyond on the next", plus a bound on the first field so the
    index serves it."""
    condition = Q()
    for index, (name, descending) in enumerate(ordering):
        equal = {ordering[j][0]: values[j] for j in range(index)}
        operator = "lt" if descending == forward else "gt"
        condition |= Q(**equal, **{f"{name}__{operator}": values[index]})
    first, descending = ordering[0]
    return condition & Q(**{f"{first}__{'lte' if descending == forward else 'gte'}": values[0]})


def _reversed(ordering) -> list[str]:
    return [name if descending else f"-{name}" for name, descending in ordering]


def paginate(
    queryset: QuerySet,
    *,
    page_number: int | None = 1,
    per_page: int | None = None,
    after: str = "",
    before: str = "",
    last: bool = False,
    jump: str = "",
) -> Page:
    """The page the query string asks for (``page_number`` None: none typed), each way in read
    from the index where the ordering allows it: a cursor (``after``, ``before``), the last page
    (``last``), a date or letters (``jump``), then a page number up to ``LIST_MAX_TYPED_PAGE``."""
    per_page = per_page or settings.LIST_PAGE_SIZE
    ordering = _ordering(queryset)
    page = Page(
        object_list=[],
        number=page_number,
        per_page=per_page,
        has_next=False,
        keyset=ordering is not None,
        jump=_jump_for(queryset, ordering),
        max_page=settings.LIST_MAX_TYPED_PAGE,
    )
    if page_number is not None and page_number > MAX_PAGE:
        page.number = None  # a label no link writes: the rows are found by their cursor
    cursor = _usable_cursor(queryset, ordering, after or before) if after or before else None
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
        _read_by_number(page, queryset, page_number or 1)
    if ordering and page.object_list:
        rows = page.object_list
        page.next_cursor = _cursor_for(rows[-1], ordering) if page.has_next else ""
        page.previous_cursor = _cursor_for(rows[0], ordering) if page.has_previous else ""
    if counted is None and page.number == 1 and not page.has_next:
        page.total = len(page.object_list)
        return page
    _count(page, queryset, counted)
    if page.number and page.number > 1 and not page.object_list and page.page_count is not None:
        # Beyond the end of a list counted exactly: say so, rather than that it is too far.
        page.notices = [n for n in page.notices if not page.refused or n != _refusal(page)]
        page.notices.append(f"Page {page.number:,} is beyond the end of this list, which has {_pages(page)}.")
        page.refused, page.has_previous, page.previous_cursor = True, False, ""
    return page


def _pages(page: Page) -> str:
    return "1 page" if page.page_count == 1 else f"{page.page_count:,} pages"


def _usable_cursor(queryset: QuerySet, ordering, token: str) -> list | None:
    """The key ``token`` holds if the list can seek to it; None for a cursor it did not issue."""
    if not ordering:
        return None
    cursor = decode_cursor(token)
    if cursor is None or len(cursor) != len(ordering):
        return None
    try:  # a tampered cursor (a date that is not one, an infinite id) is not used
        queryset.filter(_after(ordering, cursor, forward=True))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return None
    return cursor


def _read_by_cursor(page: Page, queryset: QuerySet, ordering, cursor: list, *, forward: bool) -> None:
    per_page = page.per_page
    if forward:
        rows = list(queryset.filter(_after(ordering, cursor, forward=True))[: per_page + 1])
        page.object_list, page.has_next = rows[:per_page], len(rows) > per_page
    else:
        previous = list(
            queryset.filter(_after(ordering, cursor, forward=False)).order_by(*_reversed(ordering))[: per_page + 1]
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
    rows = list(queryset.order_by(*_reversed(ordering))[:size]) if size else []
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
    first = [rows[0].pk if name == "pk" else rows[0].serializable_value(name) for name, _ in ordering]
    page.has_previous = queryset.filter(_after(ordering, first, forward=False)).exists()
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


def _count(page: Page, queryset: QuerySet, counted: int | None) -> None:
    limit = settings.LIST_EXACT_COUNT_LIMIT
    if counted is None:
        counted = bounded_count(queryset, limit)
    if counted <= limit:
        page.total = counted
    else:
        page.more_than = limit
        estimate = planner_estimate(queryset)
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
        return None, f"“{_shown(text)}” is not a page number: the first page is shown."
    if number < 1:
        return None, "Pages are numbered from 1: the first page is shown."
    return number, ""
