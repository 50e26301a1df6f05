"""Reaching any place in a long list as cheaply as its first page (issue 17): the last page, a
day when the list is ordered by creation, letters when it is ordered by name, and page numbers
typed by hand only as deep as OFFSET stays cheap; whatever the query string holds, the list
answers with a sentence, never an error."""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from backoffice.roles import ADMINISTRATOR
from customers.models import Customer
from tests.customers.factories import make_person
from tests.customers.test_lists_and_search import LIST_QUERIES
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))  # Europe/Paris in winter
PERSONS = reverse("customer-persons")
HTMX = {"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "list-results"}


def people(*last_names, start=datetime.datetime(2025, 1, 6, 12, tzinfo=PARIS), step=datetime.timedelta(days=1)):
    """Persons created one ``step`` apart, in the order given (the first is the oldest)."""
    made = []
    for index, last_name in enumerate(last_names):
        person = make_person("Anna", last_name)
        Customer.objects.filter(pk=person.pk).update(created_at=start + index * step)
        made.append(last_name)
    return made


def shown(response) -> list[str]:
    return [customer.last_name for customer in response.context["page"].object_list]


def link(response, text: str) -> str:
    """The pager's link that reads ``text`` (the URL as the browser follows it)."""
    pattern = rf'<a class="btn[^"]*" href="(\?[^"]*)"[^>]*>(?:<i [^>]*></i> )?{re.escape(text)}'
    found = re.search(pattern, page_text(response))
    assert found, f"no link “{text}”"
    return PERSONS + html.unescape(found.group(1))


def has_link(response, text: str) -> bool:
    return bool(
        re.search(rf'<a class="btn[^"]*" href="[^"]*"[^>]*>(?:<i [^>]*></i> )?{re.escape(text)}', page_text(response))
    )


# --- the last page ---------------------------------------------------------------------------


def test_the_last_page_shows_the_oldest_rows_then_previous_pages_back(agent, settings):
    settings.LIST_PAGE_SIZE = 5
    names = people(*(f"Name{chr(65 + index)}" for index in range(12)))  # NameA oldest … NameL newest
    first = agent.get(PERSONS)
    assert shown(first) == names[::-1][:5]
    last = agent.get(link(first, "Last page"))
    assert shown(last) == ["NameB", "NameA"]  # the two oldest, as page numbers would put them
    assert "Page 3 of 3" in page_text(last) and "Rows 11–12 of 12" in page_text(last)
    assert not has_link(last, "Next") and not has_link(last, "Last page")
    back = agent.get(link(last, "Previous"))
    assert shown(back) == ["NameG", "NameF", "NameE", "NameD", "NameC"] and "Page 2 of 3" in page_text(back)
    assert shown(agent.get(link(back, "Previous"))) == shown(first)


def test_the_last_page_of_a_list_too_long_to_count_pages_back_to_the_first(agent, settings):
    settings.LIST_PAGE_SIZE, settings.LIST_EXACT_COUNT_LIMIT = 4, 5
    names = people(*(f"Name{chr(65 + index)}" for index in range(10)))
    last = agent.get(PERSONS, {"last": "1"})
    assert shown(last) == ["NameD", "NameC", "NameB", "NameA"]
    assert "The last 4 rows of" in page_text(last) and "Last page" in page_text(last)
    seen = shown(last)
    page = last
    while has_link(page, "Previous"):
        page = agent.get(link(page, "Previous"))
        seen = shown(page) + seen
    # Every row, in order, back to a whole first page (its rows were partly on the page after it).
    assert list(dict.fromkeys(seen)) == names[::-1] and shown(page) == names[::-1][:4]
    assert page.context["page"].number == 1 and not has_link(page, "First page")


def test_the_last_page_by_name_and_oldest_first(agent, settings):
    settings.LIST_PAGE_SIZE = 3
    people("Martin", "Adam", "Zola", "Bernard", "Yates")
    assert shown(agent.get(PERSONS, {"sort": "name", "last": "1"})) == ["Yates", "Zola"]
    assert shown(agent.get(PERSONS, {"sort": "-name", "last": "1"})) == ["Bernard", "Adam"]
    assert shown(agent.get(PERSONS, {"sort": "created_at", "last": "1"})) == ["Bernard", "Yates"]


# --- a day -----------------------------------------------------------------------------------


def test_a_day_opens_the_list_at_the_newest_row_created_on_or_before_it(agent, settings):
    settings.LIST_PAGE_SIZE = 2
    start = datetime.datetime(2025, 3, 10, 0, 10, tzinfo=PARIS)
    # 10 March 00:10, 11 March 00:10, … (Paris time, in which the list shows its times)
    names = people("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", start=start)
    response = agent.get(PERSONS, {"from": "2025-03-12"})
    assert shown(response) == ["Wed", "Tue"]  # 12 March 00:10 is on the day; 13 March is not
    text = page_text(response)
    assert "Created on or before 12 March 2025" in text and 'value="2025-03-12"' in text
    assert shown(agent.get(link(response, "Next"))) == ["Mon"]
    assert shown(agent.get(link(response, "Previous"))) == ["Fri", "Thu"]
    assert shown(agent.get(PERSONS, {"from": "2025-03-09"})) == []
    assert "No row created on or before 9 March 2025 in this list." in page_text(
        agent.get(PERSONS, {"from": "2025-03-09"})
    )
    assert shown(agent.get(PERSONS, {"from": "2030-01-01"})) == names[::-1][:2]


def test_oldest_first_a_day_opens_the_list_at_the_oldest_row_created_on_or_after_it(agent, settings):
    settings.LIST_PAGE_SIZE = 2
    start = datetime.datetime(2025, 3, 10, 23, 50, tzinfo=PARIS)  # 22:50 UTC: still 10 March in Paris
    people("Mon", "Tue", "Wed", "Thu", start=start)
    response = agent.get(PERSONS, {"sort": "created_at", "from": "2025-03-11"})
    assert shown(response) == ["Tue", "Wed"]
    assert "Created on or after 11 March 2025" in page_text(response)
    first = agent.get(PERSONS, {"sort": "created_at", "from": "2025-03-10"})
    assert shown(first) == ["Mon", "Tue"] and first.context["page"].number == 1
    assert not has_link(first, "Previous")  # nothing comes before: it is the first page


def test_a_day_keeps_the_filters_and_answers_htmx_with_the_results_only(agent, settings):
    settings.LIST_PAGE_SIZE = 2
    people("Mon", "Tue", "Wed", "Thu", "Fri", start=datetime.datetime(2025, 3, 10, 12, tzinfo=PARIS))
    Customer.objects.filter(last_name="Tue").update(state="blocked")
    response = agent.get(PERSONS, {"state": "active", "from": "2025-03-13"}, headers=HTMX)
    assert shown(response) == ["Thu", "Wed"]
    text = page_text(response)
    assert 'id="list-filters"' not in text  # the results part, as Next loads it
    assert '<input type="hidden" name="state" value="active">' in text  # the form keeps the filters
    for name in ("Next", "Last page", "First page", "Previous"):
        assert parse_qs(urlsplit(link(response, name)).query)["state"] == ["active"], name


# --- letters ---------------------------------------------------------------------------------


def test_letters_open_the_list_at_the_first_name_that_starts_with_them_or_follows(agent, settings):
    settings.LIST_PAGE_SIZE = 2
    people("Adam", "Martin", "Bernard", "Mueller", "Nadal", "Zola", "Legrand")
    response = agent.get(PERSONS, {"sort": "name", "from": "m"})
    assert shown(response) == ["Martin", "Mueller"]
    assert "Name from “M”" in page_text(response) and 'value="M"' in page_text(response)
    assert shown(agent.get(link(response, "Next"))) == ["Nadal", "Zola"]
    assert shown(agent.get(link(response, "Previous"))) == ["Bernard", "Legrand"]
    assert shown(agent.get(PERSONS, {"sort": "name", "from": "Mu"})) == ["Mueller", "Nadal"]
    assert shown(agent.get(PERSONS, {"sort": "name", "from": "É"})) == ["Legrand", "Martin"]  # folded: e
    assert shown(agent.get(PERSONS, {"sort": "name", "from": "o"})) == ["Zola"]


def test_z_to_a_letters_open_the_list_at_the_last_name_that_starts_with_them_or_precedes(agent, settings):
    settings.LIST_PAGE_SIZE = 2
    people("Adam", "Martin", "Bernard", "Mueller", "Nadal", "Zola", "Legrand")
    assert shown(agent.get(PERSONS, {"sort": "-name", "from": "m"})) == ["Mueller", "Martin"]
    assert shown(agent.get(PERSONS, {"sort": "-name", "from": "c"})) == ["Bernard", "Adam"]
    assert shown(agent.get(PERSONS, {"sort": "-name", "from": "z"})) == ["Zola", "Nadal"]


# --- page numbers typed by hand ----------------------------------------------------------------


def test_a_page_number_beyond_the_bound_is_refused_with_a_way_round(agent, settings):
    settings.LIST_PAGE_SIZE, settings.LIST_MAX_TYPED_PAGE, settings.LIST_EXACT_COUNT_LIMIT = 2, 2, 3
    people(*(f"Name{chr(65 + index)}" for index in range(9)))
    assert shown(agent.get(PERSONS, {"page": 2})) == ["NameG", "NameF"]
    response = agent.get(PERSONS, {"page": 3})
    assert response.status_code == 200 and shown(response) == []
    text = page_text(response)
    assert "Page 3 is too far into the list to open by its number: pages 1 to 2 open directly" in text
    assert "Use “Last page”, “Go to created on or before” below, or narrow the filters." in text
    assert has_link(response, "Last page") and has_link(response, "First page")
    # Next from page 2 follows a cursor, not page number 3.
    assert "after" in parse_qs(urlsplit(link(agent.get(PERSONS, {"page": 2}), "Next")).query)


def test_a_page_number_beyond_the_end_of_a_short_list_says_so(agent, settings):
    settings.LIST_PAGE_SIZE = 2
    people("Adam", "Bernard", "Martin")
    response = agent.get(PERSONS, {"page": 7})
    assert shown(response) == []
    assert "Page 7 is beyond the end of this list, which has 2 pages." in page_text(response)


def test_a_list_that_pages_by_number_offers_no_page_beyond_the_bound(signed_in, make_staff, settings):
    """Staff by last sign-in: a column that may be empty, so no cursor: Next is a page number."""
    settings.LIST_PAGE_SIZE, settings.LIST_MAX_TYPED_PAGE = 2, 2
    admin = signed_in(make_staff("root", ADMINISTRATOR))
    for index in range(6):
        make_staff(f"member{index}", ADMINISTRATOR)
    staff = reverse("staff-list")
    page1 = admin.get(staff, {"sort": "last_login"})
    assert 'rel="next"' in page_text(page1) and "page=2" in page_text(page1)
    page2 = admin.get(staff, {"sort": "last_login", "page": 2})
    text = page_text(page2)
    assert 'rel="next"' not in text and "Narrow the filters to see further." in text
    assert "Last page" not in text and "Go to" not in text


# --- whatever the query string holds -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ({"page": "-1"}, "Pages are numbered from 1: the first page is shown."),
        ({"page": "0"}, "Pages are numbered from 1: the first page is shown."),
        ({"page": "two"}, "“two” is not a page number: the first page is shown."),
        ({"page": "1e308"}, "“1e308” is not a page number"),
        ({"page": "9" * 5000}, "is not a page number"),
        ({"page": str(10**30)}, "is beyond the end of this list, which has 2 pages."),
        ({"after": "not-a-cursor"}, "The link’s place in the list could not be read"),
        ({"before": "eyJ4IjoxfQ", "page": "2"}, "The link’s place in the list could not be read"),
        ({"from": "2024-13-45"}, "“2024-13-45” is not a date: type it as YYYY-MM-DD"),
        ({"from": "yesterday\x00"}, "“yesterday” is not a date"),
        ({"from": "0001-01-01"}, "No row created on or before 1 January 1 in this list."),
        ({"from": "9999-12-31"}, 'value="9999-12-31"'),  # every row: the first page
        ({"sort": "created_at", "from": "0001-01-01"}, 'value="0001-01-01"'),
        ({"sort": "created_at", "from": "9999-12-31"}, "No row created on or after 31 December 9999"),
        ({"sort": "name", "from": "%"}, "“%” is not a letter: type one or more letters from A to Z"),
        ({"sort": "name", "from": "Ø"}, "Name from “O”"),  # folded as the name keys are (Østergaard: o…)
        ({"sort": "name", "from": "x" * 300}, "is not a letter"),
        ({"sort": "-name", "from": "<script>"}, "from “&lt;SCRIPT&gt;”"),
        ({"sort": "aggregated", "from": "m"}, "“Go to” needs the list sorted by a date or by a name"),
        ({"sort": "emails", "from": "m"}, "“Go to” needs the list sorted by a date or by a name"),
        ({"sort": "aggregated", "last": "1"}, "Rows 3–3 of 3"),  # a keyset: its last page is offered
        ({"sort": "aggregated", "from": "m", "last": "1"}, "Rows 3–3 of 3"),
    ],
)
def test_what_a_list_cannot_read_gives_the_page_and_a_sentence(agent, settings, query, sentence):
    settings.LIST_PAGE_SIZE = 2
    people("Adam", "Bernard", "Martin")
    response = agent.get(PERSONS, query)
    assert response.status_code == 200
    assert sentence in page_text(response)
    assert "<script>" not in response.content.decode()


# --- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "more"),
    [
        ({"last": "1"}, 0),  # the count, then the rows read backwards
        ({"sort": "created_at", "last": "1"}, 0),
        ({"from": "2025-03-12"}, 1),  # and whether a row comes before (LIMIT 1)
        ({"sort": "name", "from": "m"}, 1),
        ({"sort": "-name", "from": "o"}, 1),
        ({"page": "9"}, -1),  # refused: the count only, no rows
    ],
)
def test_a_jump_makes_the_queries_of_the_first_page(agent, settings, django_assert_num_queries, query, more):
    settings.LIST_PAGE_SIZE, settings.LIST_MAX_TYPED_PAGE = 3, 8
    people(*(f"Name{chr(65 + index)}" for index in range(30)), start=datetime.datetime(2025, 3, 1, tzinfo=PARIS))
    agent.get(PERSONS)  # fills the cache of dictionary choices
    with django_assert_num_queries(LIST_QUERIES["customer-persons"] + more):
        response = agent.get(PERSONS, query)
    assert response.status_code == 200
