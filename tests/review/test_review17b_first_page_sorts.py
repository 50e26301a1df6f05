"""Review of issue 17 (first pages compiled once): the name a list's first page is kept under must
tell apart every query string that sorts the rows differently.

``FilteredListView.first_page_name`` named the sort by ``request.GET.get("sort")``, the last
``sort`` value, while django-tables2 sorts by every one of them (``GET.getlist``): opened once as
``?sort=name&sort=-id`` (a hand-written or hostile link), the list's ``?sort=-id`` first page was
read in name order for every viewer of the process, its cursor ("Next") taken from a row that is
not the last in ``-id`` order."""

import pytest
from django.urls import reverse

from tests.customers.factories import make_person

pytestmark = pytest.mark.django_db
PERSONS = reverse("customer-persons")


def shown(response) -> list[int]:
    return [customer.pk for customer in response.context["page"].object_list]


@pytest.mark.parametrize("first", ["?sort=name&sort=-id", "?sort=-id"])
def test_two_sorts_and_their_last_alone_are_kept_apart(agent, settings, first):
    settings.LIST_PAGE_SIZE = 3
    for last_name in ("Zed", "Abel", "Mills", "Baker", "Young"):
        make_person("Anna", last_name)
    agent.get(PERSONS + first)  # compiles the first page kept under its name
    for query in ("?sort=-id", "?sort=name&sort=-id"):
        response = agent.get(PERSONS + query)
        orm = agent.get(PERSONS + query + "&page=1")  # a page number: the ORM's way
        assert shown(response) == shown(orm), query
        assert response.context["page"].next_cursor == orm.context["page"].next_cursor, query
