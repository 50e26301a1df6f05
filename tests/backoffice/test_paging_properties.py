"""Properties of keyset paging (``backoffice.pagination``) on the list with the most sorts, All
customers:

- a cursor gives back the key it was made of (dates and times to the microsecond);
- a cursor the list did not issue (any text, any bytes, any JSON) never fails the page: the list
  answers with a run of its rows in order, the page number's (the documented fallback) or the one
  after the key it decodes to;
- for every sort the list offers, both ways, "Next" from the first page visits every row exactly
  once and in order, and "Previous" from the last page gives back the same pages, however many
  rows tie on the sort column (a few dozen generated rows drawn from a handful of values); so
  does "Previous" from "Last page", whether the list is counted exactly or not;
- "Go to" a day or letters opens the list at the first row, in its order, created on or before
  (after) that day in the list's time zone, or whose name starts with the letters or comes after
  (before) them, and says whether any row comes before it.
"""

import base64
import datetime
import json
import zoneinfo
from http.cookies import SimpleCookie
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from backoffice.models import StaffUser
from backoffice.pagination import decode_cursor, encode_cursor, paginate
from backoffice.roles import SUPPORT_AGENT
from customers import search
from customers.choices import Kind, State, Status, VerificationStatus
from customers.models import Customer
from customers.tables import CustomerTable
from customers.views.lists import CustomerListView
from tests.conftest import sign_in
from tests.properties import DATABASE_EXAMPLES

# --- cursors -----------------------------------------------------------------------------------

# What a column holds: no text with a NUL (the forms refuse it, and PostgreSQL).
JSON_KEYS = st.one_of(st.integers(), st.text(st.characters(exclude_characters="\x00")), st.booleans(), st.none())
MOMENTS = st.datetimes(timezones=st.just(datetime.UTC)) | st.datetimes()


@given(st.lists(JSON_KEYS, max_size=4))
def test_a_cursor_gives_back_its_key(key):
    assert decode_cursor(encode_cursor(key)) == key


@given(MOMENTS, st.dates(), st.integers(min_value=1))
def test_a_cursor_gives_back_a_moment_to_the_microsecond(moment, day, pk):
    decoded = decode_cursor(encode_cursor([moment, day, pk]))
    assert datetime.datetime.fromisoformat(decoded[0]) == moment
    assert datetime.date.fromisoformat(decoded[1]) == day and decoded[2] == pk


# --- the All customers list ------------------------------------------------------------------------

SORTS = [
    name for name, column in CustomerTable.base_columns.items() if column.visible and column.orderable is not False
]
PAGE_SIZES = st.integers(3, 6)
# Each example walks 18 sorts both ways (some 250 queries): fewer examples than other properties.
PAGING_EXAMPLES = 8
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def support_agent() -> StaffUser:
    agent = StaffUser.objects.create_user(username="sam", password="x")
    agent.groups.set(Group.objects.filter(name=SUPPORT_AGENT))
    return agent


@st.composite
def tied_rows(draw) -> list[dict]:
    """A few dozen customers whose every sort column takes one of a handful of values."""
    count = draw(st.integers(5, 24))
    row = st.fixed_dictionaries(
        {
            "kind": st.sampled_from([Kind.PERSON, Kind.PERSON, Kind.BUSINESS]),
            "last_name": st.sampled_from(["Dupont", "Köberl", "Koeberl", "Åsen"]),
            "first_name": st.sampled_from(["Anna", "Zoë"]),
            "primary_email": st.sampled_from(["", "a@example.test", "b@example.test"]),
            "status": st.sampled_from(Status.values),
            "state": st.sampled_from(State.values),
            "verification_status": st.sampled_from(VerificationStatus.values),
            "created_at": st.sampled_from([START, START + datetime.timedelta(microseconds=1), START.replace(day=2)]),
        }
    )
    return draw(st.lists(row, min_size=count, max_size=count))


ALIKE = {
    "kind": Kind.PERSON,
    "last_name": "Dupont",
    "first_name": "Anna",
    "primary_email": "",
    "status": Status.PENDING,
    "state": State.ACTIVE,
    "verification_status": VerificationStatus.NOT_VERIFIED,
    "created_at": START,
}


def store(rows: list[dict]) -> None:
    customers = []
    for number, columns in enumerate(rows):
        customer = Customer(public_id=f"row{number}", **columns)
        if customer.kind != Kind.PERSON:
            customer.legal_name, customer.first_name, customer.last_name = f"{columns['last_name']} SA", "", ""
        customer.name_key = search.name_key(
            kind_is_person=customer.kind == Kind.PERSON,
            first_name=customer.first_name,
            last_name=customer.last_name,
            legal_name=customer.legal_name,
        )
        customers.append(customer)
    Customer.objects.bulk_create(customers)


def ordered(user, sort: str):
    """The list's rows in the order the list shows them for ``sort`` (its own queryset)."""
    request = RequestFactory().get(reverse("customer-list"), {"sort": sort} if sort else {})
    request.user = user
    view = CustomerListView()
    view.setup(request)
    return view.filtered(request)[2]


# Letters typed in "Go to" (the rows' names are Dupont, Köberl, Koeberl and Åsen).
LETTERS = st.sampled_from(["a", "A", "d", "du", "k", "ko", "koe", "m", "z", "zz", "É"])


class KeysetPaging(TestCase):
    """Each example stores its rows and rolls back after itself."""

    @classmethod
    def setUpTestData(cls):
        cls.agent = support_agent()

    @settings(max_examples=PAGING_EXAMPLES)
    @given(tied_rows(), PAGE_SIZES)
    @example([ALIKE] * 10, 3)  # every row ties on every column
    def test_next_and_previous_visit_every_row_once_in_order_for_every_sort(self, rows, per_page):
        store(rows)
        for sort in [*SORTS, *(f"-{name}" for name in SORTS)]:
            rows_in_order = ordered(self.agent, sort)
            expected = list(rows_in_order.values_list("pk", flat=True))
            pages = [paginate(rows_in_order, page_number=1, per_page=per_page)]
            while pages[-1].has_next:
                number, cursor = len(pages) + 1, pages[-1].next_cursor
                pages.append(paginate(rows_in_order, page_number=number, per_page=per_page, after=cursor))
            forward = [[row.pk for row in page.object_list] for page in pages]
            assert [pk for page in forward for pk in page] == expected, sort
            backward = [forward[-1]]
            page = pages[-1]
            while page.has_previous:
                number, cursor = page.number - 1, page.previous_cursor
                page = paginate(rows_in_order, page_number=number, per_page=per_page, before=cursor)
                backward.append([row.pk for row in page.object_list])
            assert backward[::-1] == forward, sort
            for exact_up_to in (1000, 2):  # the last page counted (its number known), and not
                with self.settings(LIST_EXACT_COUNT_LIMIT=exact_up_to):
                    assert walk_back_from_the_last_page(rows_in_order, per_page) == expected, (sort, exact_up_to)

    @settings(max_examples=PAGING_EXAMPLES)
    @given(tied_rows(), PAGE_SIZES, st.dates(datetime.date(2025, 12, 30), datetime.date(2026, 1, 3)), LETTERS)
    def test_a_jump_opens_the_list_at_the_first_row_on_or_beyond_it(self, rows, per_page, day, letters):
        store(rows)
        paris = zoneinfo.ZoneInfo("Europe/Paris")
        for sort in ("created_at", "-created_at", "name", "-name"):
            rows_in_order = ordered(self.agent, sort)
            every = list(rows_in_order)
            if "created_at" in sort:
                jump = day.isoformat()

                def beyond(row, sort=sort):
                    created = row.created_at.astimezone(paris).date()
                    return created <= day if sort.startswith("-") else created >= day
            else:
                jump = letters

                def beyond(row, sort=sort):
                    folded = search.fold(letters)
                    start = row.name_key[: len(folded)]
                    return start <= folded if sort.startswith("-") else row.name_key >= folded

            with translation.override("en"), timezone.override(paris):
                page = paginate(rows_in_order, page_number=None, per_page=per_page, jump=jump)
            expected = [row.pk for row in every if beyond(row)][:per_page]
            assert [row.pk for row in page.object_list] == expected, (sort, jump)
            # Nothing in order before the first row it shows meets the jump: it is the first one.
            assert page.has_previous == (bool(expected) and every[0].pk != expected[0]), (sort, jump)


def walk_back_from_the_last_page(rows_in_order, per_page: int) -> list[int]:
    """Every row, from "Last page" then "Previous" to the start (the links the pager writes).
    The start is a whole page 1, the list's first ``per_page`` rows, even where the pages walked
    back did not line up with it: its rows are counted once."""
    page = paginate(rows_in_order, page_number=None, per_page=per_page, last=True)
    assert page.is_last and not page.has_next
    seen = [row.pk for row in page.object_list]
    while page.has_previous:
        number = page.number - 1 if page.number else None
        page = paginate(rows_in_order, page_number=number, per_page=per_page, before=page.previous_cursor)
        seen = [row.pk for row in page.object_list] + seen
    assert page.number == 1
    assert [row.pk for row in page.object_list] == list(rows_in_order.values_list("pk", flat=True)[:per_page])
    return list(dict.fromkeys(seen))


# Tokens a hand may put in "after" or "before": any text, any bytes or any JSON as base64, and
# most often a cursor the list issued with one of its values replaced by one no column holds.
def _base64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor(values: list) -> str:
    return _base64(json.dumps(values).encode())


NASTY = (float("inf"), float("-inf"), float("nan"), 10**30, -(10**30), 1.5, -1, "", "\x00", "not a date", True)
KEYISH = st.one_of(
    st.sampled_from(NASTY),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.datetimes().map(datetime.datetime.isoformat),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def edited(draw, issued: list) -> str:
    """``issued`` (a cursor's key) with one value replaced."""
    position = draw(st.integers(0, len(issued) - 1))
    return _cursor([*issued[:position], draw(st.sampled_from(NASTY) | KEYISH), *issued[position + 1 :]])


def tampered(issued: list) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=60),
        st.binary(max_size=60).map(_base64),
        st.lists(KEYISH, max_size=5).map(_cursor),
        st.lists(KEYISH, min_size=len(issued), max_size=len(issued)).map(_cursor),
        edited(issued),
        edited(issued),
    )


def is_a_run_of(shown: list[int], every: list[int]) -> bool:
    start = every.index(shown[0]) if shown else 0
    return every[start : start + len(shown)] == shown


LIST_SORTS = st.sampled_from(["", *SORTS, *(f"-{name}" for name in SORTS)])


@pytest.mark.filterwarnings("ignore:DateTimeField Customer.created_at received a naive datetime")
class TamperedCursors(TestCase):
    """A cursor the list did not issue: the page falls back to its number, or shows the rows after
    (or before) the key the cursor decodes to; it never fails."""

    @classmethod
    def setUpTestData(cls):
        store([{**ALIKE, "last_name": name} for name in ("Dupont", "Dupont", "Köberl", "Åsen", "Martin", "Martin")])
        cls.agent = support_agent()
        cls.cookies = sign_in(Client(), cls.agent).cookies  # one session for every example

    @given(sort=LIST_SORTS, direction=st.sampled_from(["after", "before"]), page=st.integers(1, 4), data=st.data())
    def test_paging_by_a_cursor_the_list_did_not_issue_shows_a_run_of_its_rows(self, sort, direction, page, data):
        rows_in_order = ordered(self.agent, sort)
        issued = decode_cursor(paginate(rows_in_order, page_number=1, per_page=2).next_cursor)
        token = data.draw(tampered(issued), label="token")
        shown = paginate(rows_in_order, page_number=page, per_page=2, **{direction: token}).object_list
        assert len(shown) <= 2
        assert is_a_run_of([row.pk for row in shown], list(rows_in_order.values_list("pk", flat=True)))

    @settings(max_examples=DATABASE_EXAMPLES)
    @given(token=tampered([START.isoformat(), 1]), direction=st.sampled_from(["after", "before"]), sort=LIST_SORTS)
    @example(token=_base64(b"[1e999,1e999]"), direction="after", sort="id")  # an infinite id
    @example(token=_cursor(["\x00", 1]), direction="after", sort="name")  # a NUL, which PostgreSQL refuses
    def test_a_cursor_the_list_did_not_issue_never_fails_the_page(self, token, direction, sort):
        self.client.cookies = SimpleCookie(self.cookies)
        url = f"{reverse('customer-list')}?sort={sort}&page=2&{direction}={quote(token)}"
        with self.settings(LIST_PAGE_SIZE=2):
            response = self.client.get(url)
        assert response.status_code == 200
        shown = [row.pk for row in response.context["page"].object_list]
        assert is_a_run_of(shown, list(ordered(self.agent, sort).values_list("pk", flat=True)))
