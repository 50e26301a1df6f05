"""A list's first page without filters is read by SQL compiled once (issue 17): it must show what
the ORM reads, fresh each time, for every sort and page size, and only where nothing but the sort
and the viewer's scope decide the rows."""

import pytest
from django.urls import reverse

from backoffice.pagination import first_pages
from customers.models import Customer
from tests.customers.factories import make_company, make_person

pytestmark = pytest.mark.django_db
PERSONS = reverse("customer-persons")


def shown(response) -> list[int]:
    return [customer.pk for customer in response.context["page"].object_list]


@pytest.mark.parametrize("sort", ["", "name", "-name", "created_at", "-id", "aggregated"])
def test_the_first_page_is_what_the_orm_reads(agent, settings, sort):
    settings.LIST_PAGE_SIZE = 3
    for index in range(5):
        make_person("Anna", f"First{chr(70 - index)}")
    make_company("Not A Person SA")
    query = f"?sort={sort}" if sort else ""
    response = agent.get(PERSONS + query)
    page = response.context["page"]
    orm = agent.get(PERSONS + (query + "&" if query else "?") + "page=1")  # a page number: the ORM's way
    assert shown(response) == shown(orm)
    assert (page.total, page.has_next, page.next_cursor) == (
        orm.context["page"].total,
        orm.context["page"].has_next,
        orm.context["page"].next_cursor,
    )


def test_the_first_page_is_read_fresh(agent, settings):
    settings.LIST_PAGE_SIZE = 3
    make_person("Anna", "Before")
    agent.get(PERSONS)
    newest = make_person("Anna", "After")
    response = agent.get(PERSONS)
    assert shown(response)[0] == newest.pk and response.context["page"].total == 2
    Customer.objects.filter(pk=newest.pk).update(first_name="Renamed")
    assert "Renamed After" in agent.get(PERSONS).content.decode()


def test_each_page_size_is_compiled_apart(agent, settings):
    for index in range(4):
        make_person("Anna", f"Size{index}")
    settings.LIST_PAGE_SIZE = 2
    assert len(shown(agent.get(PERSONS))) == 2
    settings.LIST_PAGE_SIZE = 3
    assert len(shown(agent.get(PERSONS))) == 3


def test_filters_or_a_narrower_scope_go_through_the_orm(agent, monkeypatch):
    make_person("Anna", "Scoped")
    make_person("Ben", "Scoped")
    kept = []
    monkeypatch.setattr(first_pages, "read", lambda *args: kept.append(args) or pytest.fail("not for filters"))
    assert agent.get(PERSONS + "?last_name=Scoped").status_code == 200
    from customers import selectors

    everyone = selectors.customers_visible_to
    monkeypatch.setattr(selectors, "customers_visible_to", lambda user: everyone(user).exclude(first_name="Anna"))
    assert agent.get(PERSONS).status_code == 200  # the scope is no longer every customer
    assert not kept
