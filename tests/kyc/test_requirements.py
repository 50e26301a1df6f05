"""The completeness checklist (T "KYC form" defaults): a person's identity document and proof of
address; a company's registration and statutes, and the identity of its legal representatives
and owners of 25 % or more (KYB: the group is reviewed together)."""

import re

import pytest
from django.urls import reverse

from kyc.requirements import checklist
from tests.customers.factories import link, make_company, make_person
from tests.helpers import page_text
from tests.kyc.test_documents import a_document

pytestmark = pytest.mark.django_db


def state(customer):
    return [
        (line.requirement.label.split(" (")[0], line.customer.display_name, line.met) for line in checklist(customer)
    ]


def test_a_person_needs_an_identity_document_and_a_proof_of_address():
    person = make_person()
    assert state(person) == [("Identity document", "Zoë Dupont", False), ("Proof of address", "Zoë Dupont", False)]
    a_document(person)  # a proof of address (type 12)
    a_document(person, document_type=17)
    assert [met for *_, met in state(person)] == [True, True]


def test_a_refused_or_canceled_document_does_not_count():
    person = make_person()
    a_document(person, status="refused")
    a_document(person, status="canceled")
    a_document(person, status="pre_refused")
    assert state(person)[1] == ("Proof of address", "Zoë Dupont", False)


def test_a_company_group_includes_representatives_and_owners_of_25_percent_or_more():
    company = make_company("Group SA", representative=make_person("Rita", "Representative"))
    link(company, make_person("Olga", "Owner"), percent="40")
    link(company, make_person("Quentin", "Quarter"), percent="25")
    link(company, make_person("Mona", "Minority"), percent="24.99")
    lines = state(company)
    assert [(label, name) for label, name, _ in lines] == [
        ("Company registration", "Group SA"),
        ("Statutes", "Group SA"),
        ("Identity document", "Rita Representative"),
        ("Identity document", "Olga Owner"),
        ("Identity document", "Quentin Quarter"),
    ], "the issue: owners of 25 % or more go with the company"


def test_the_kyc_tab_shows_the_checklist(signed_in, support_agent):
    person = make_person()
    a_document(person)
    html = page_text(signed_in(support_agent).get(reverse("customer-tab", args=[person.pk, "kyc"])))
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))  # the words a reader (or screen reader) gets
    assert "What the review needs" in page
    assert "Missing: Identity document" in page and "Provided: Proof of address" in page
