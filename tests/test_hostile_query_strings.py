"""No query string makes a page fail: the omnibox, the customer-field suggestions and every filter
of every list, fed NUL bytes, invalid UTF-8, huge strings, non-numeric ids, numbers that overflow
the database's integers, impossible dates, unknown choices and repeated parameters, answer with
the page (and, where the input is wrong, a message by the field), never a 5xx. PostgreSQL refuses
NUL in text and integers past 2⁶³, so the test is worth most there (``DATABASE_URL``)."""

from urllib.parse import quote

import pytest
from django.urls import get_resolver, reverse

from backoffice.views.generic import PAGING_PARAMETERS, FilteredListView
from tests.customers.factories import make_company, make_person
from tests.customers.holdings import make_account
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

# Already percent-encoded, as a hand-made URL would carry them.
HOSTILE = (
    "%00",
    "Dup%00ont",
    "%ED%A0%80",  # a lone surrogate, encoded as UTF-8 (invalid)
    "%FF%FE%C0%AF",  # bytes that are no UTF-8 at all
    "%F0%9F%98%80%E2%80%AE",  # an emoji and a right-to-left override
    quote("x" * 5000),
    "-1",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "%D9%A3",  # an Arabic-Indic digit: isdigit() but not a number the database knows
    "2024-13-45",
    "0000-00-00",
    "99999-01-01",
    quote("' OR 1=1 --"),
    quote("%_\\"),
    quote("<script>alert(1)</script>"),
)
# For each filter of each list (hundreds of requests): one of each kind.
HOSTILE_FILTER_VALUES = (
    "Dup%00ont",
    "%ED%A0%80",
    "%FF%FE%C0%AF",
    quote("x" * 5000),
    "-1",
    "99999999999999999999999",
    "%D9%A3",
    "2024-13-45",
    quote("%_\\"),
)


def list_pages():
    """Every list with filters: (url name, its view class)."""

    def walk(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern)
            elif isinstance(getattr(pattern.callback, "view_class", None), type):
                yield pattern.name, pattern.callback.view_class

    pages = walk(get_resolver())
    return sorted((name, view) for name, view in pages if issubclass(view, FilteredListView) and view.filterset_class)


LIST_PAGES = list_pages()


@pytest.fixture
def admin(signed_in, administrator):
    return signed_in(administrator)


@pytest.fixture
def customers():
    person = make_person("Zoë", "Dupont", email="zoe@example.test")
    make_account(person)
    make_company("Prystupa Sp. z o.o.")
    return person


def test_every_list_page_is_fuzzed():
    """A new list is fuzzed without touching this file; these are the ones known today."""
    names = {name for name, _ in LIST_PAGES}
    assert {"customer-list", "customer-persons", "customer-companies", "customer-onboarding"} <= names
    assert {"customer-account", "compliance-restricted", "staff-list", "audit-list"} <= names


def url_of(name, person):
    if name == "customer-account":
        return reverse(name, args=[person.pk, person.accounts.first().pk])
    return reverse(name)


def parameters_of(view) -> list[str]:
    return [*view.filterset_class.base_filters, *PAGING_PARAMETERS, "sort"]


# One case per list and parameter (hundreds of requests per list: split, they spread over the
# parallel workers instead of one worker finishing a list alone).
LIST_PARAMETERS = [(name, view, parameter) for name, view in LIST_PAGES for parameter in parameters_of(view)]


@pytest.mark.parametrize(
    ("name", "view", "parameter"),
    LIST_PARAMETERS,
    ids=[f"{name}-{parameter}" for name, _, parameter in LIST_PARAMETERS],
)
def test_no_filter_value_makes_a_list_fail(admin, customers, name, view, parameter):
    url = url_of(name, customers)
    failures = []
    for value in HOSTILE_FILTER_VALUES:
        query = f"{parameter}={value}&{parameter}=1&{parameter}={value}"  # repeated, mixed
        response = admin.get(f"{url}?{query}")
        if response.status_code >= 500 or response.status_code == 404:
            failures.append((query[:80], response.status_code))
    assert failures == []


@pytest.mark.parametrize(("name", "view"), LIST_PAGES, ids=[name for name, _ in LIST_PAGES])
def test_every_filter_at_once_all_wrong_still_shows_the_list(admin, customers, name, view):
    """Still the page, with the form saying what is wrong."""
    url = url_of(name, customers)
    response = admin.get(f"{url}?" + "&".join(f"{parameter}=%00" for parameter in view.filterset_class.base_filters))
    assert response.status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_no_query_makes_the_omnibox_or_the_suggestions_fail(admin, customers, value):
    for url in (f"{reverse('search')}?q={value}", f"{reverse('customer-person-lookup')}?representative={value}&any=1"):
        response = admin.get(url)
        assert response.status_code in (200, 302), url[:80]


def test_a_nul_byte_in_the_omnibox_is_ignored_like_a_space(admin, customers):
    response = admin.get(f"{reverse('search')}?q=Zo%C3%AB%00Dupont")
    assert response.status_code == 302 and response["Location"] == reverse("customer-profile", args=[customers.pk])
    response = admin.get(f"{reverse('search')}?q=%00")
    assert response.status_code == 200
    assert "Find a customer" in page_text(response) and "\x00" not in page_text(response)
