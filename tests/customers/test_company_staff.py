"""C's toolbar: a person's "Companies" and a company's "Company staff", each counter landing on a
list of them with their role on the Relationships tab; the toolbar stays one query (issue 21)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers import services
from customers.choices import RelationshipKind
from tests.customers.factories import ROBOT, link, make_company, make_person
from tests.customers.pages import tab_url, text
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

COUNTER = re.compile(
    r'<a class="counter[^"]*" href="(?P<url>[^"]+)" data-counter="(?P<key>[^"]+)">.*?</i> (?P<label>[^<]+)</div>'
    r'<div class="count">(?P<count>\d+)</div>'
)


def words(response) -> str:
    """What the reader reads: the tags taken out, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def toolbar(client, customer) -> dict[str, tuple[str, str, int]]:
    page = client.get(reverse("customer-profile", args=[customer.pk])).content.decode()
    return {m["key"]: (m["label"], m["url"], int(m["count"])) for m in COUNTER.finditer(page)}


@pytest.fixture
def acme():
    """A company with its representative (Marc), who also owns 40 %, a director, an employee with
    a position, and a company owning 60 %; Marc also represents a second company."""
    marc = make_person("Marc", "Lefèvre")
    company = make_company("Acme SAS", representative=marc)
    link(company, marc, percent="40")
    link(company, make_person("Diane", "Director"), kind=RelationshipKind.DIRECTOR)
    with_position = make_person("Eve", "Employee")
    services.add_relationship(
        actor=ROBOT, customer=company, related=with_position, kind=RelationshipKind.EMPLOYEE, position="Accountant"
    )
    link(company, make_company("Holding SA", representative=make_person("Hugo", "Holder")), percent="60")
    make_company("Other SARL", representative=marc)
    return company, marc


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "administrator"])
def test_a_companys_toolbar_counts_its_staff_each_once_and_lands_on_their_list(request, signed_in, acme, role):
    company, _ = acme
    counters = toolbar(signed_in(request.getfixturevalue(role)), company)
    assert "companies" not in counters  # a company shows its staff instead
    label, url, count = counters["company_staff"]
    assert (label, count) == ("Company staff", 4)  # Marc (twice linked) once, Diane, Eve, Holding SA
    assert url == tab_url(company, "relationships") + "#company-staff"


def test_a_persons_toolbar_counts_their_companies_and_lands_on_their_list(agent, acme):
    _, marc = acme
    counters = toolbar(agent, marc)
    assert "company_staff" not in counters
    assert counters["companies"] == ("Companies", tab_url(marc, "relationships") + "#companies", 2)


def test_the_company_staff_list_gives_each_persons_roles_and_share(agent, acme):
    company, _ = acme
    page = words(agent.get(tab_url(company, "relationships")))
    staff = page[page.index("Company staff · 4") : page.index("Links ")]
    assert "Marc Lefèvre Legal representative Shareholder / beneficial owner — 40 %" in staff
    assert "Diane Director Director —" in staff and "Eve Employee Employee · Accountant —" in staff
    assert "Holding SA Company Shareholder / beneficial owner 60 %" in staff


def test_a_persons_companies_list_gives_their_roles_in_each(agent, acme):
    _, marc = acme
    page = words(agent.get(tab_url(marc, "relationships")))
    companies = page[page.index("Companies · 2") : page.index("Links ")]
    assert "Acme SAS Legal representative Shareholder / beneficial owner — 40 %" in companies
    assert "Other SARL Legal representative —" in companies
    assert "Company staff" not in page


def test_the_lists_say_when_there_is_nobody(agent):
    loner = make_person("Lone", "Wolf")
    assert "This person is linked to no company." in words(agent.get(tab_url(loner, "relationships")))
    assert toolbar(agent, loner)["companies"][2] == 0


def test_the_toolbar_is_one_query_for_persons_and_companies_alike(agent, acme):
    """Both counters are read in the toolbar's one query; only their showing depends on the kind."""
    company, marc = acme
    for customer in (company, marc):
        url = reverse("customer-profile", args=[customer.pk])
        count_queries(agent, url)
        with CaptureQueriesContext(connection) as queries:
            agent.get(url)
        toolbar_reads = [q["sql"] for q in queries if q["sql"].count("COUNT(") >= 5]
        assert len(toolbar_reads) == 1, "every counter in one statement"
    assert count_queries(agent, reverse("customer-profile", args=[company.pk])) == count_queries(
        agent, reverse("customer-profile", args=[marc.pk])
    )


def test_the_staff_count_follows_a_new_link(agent, acme):
    company, _ = acme
    link(company, make_person("Nina", "New"), kind=RelationshipKind.EMPLOYEE)
    assert toolbar(agent, company)["company_staff"][2] == 5
