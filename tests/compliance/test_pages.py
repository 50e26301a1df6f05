"""The Compliance and Operations tabs and the restriction commands through the panel: the
password asked again, the effect restated, each role's refusal, and no trace of a freeze for
support agents."""

import pytest
from django.test import Client
from django.urls import reverse

from backoffice.models import ApprovalRequest, AuditEntry
from compliance.services.restrictions import (
    freeze_assets,
    lift_asset_freeze,
    reactivate,
    set_legal_freeze,
    suspend,
)
from customers.models import Customer
from tests.conftest import sign_in
from tests.customers.factories import ROBOT, make_person
from tests.helpers import count_queries, page_text

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # make_staff's password
CANARY = "canary-7Q2 court order"


@pytest.fixture
def officer(compliance_officer):
    compliance_officer.set_password(PASSWORD)
    compliance_officer.save()
    return compliance_officer


def tab(client, customer, key):
    return client.get(reverse("customer-tab", args=[customer.pk, key]))


def test_the_compliance_tab_is_for_compliance_officers_and_administrators(signed_in, support_agent, administrator):
    person = make_person()
    assert tab(signed_in(support_agent), person, "compliance").status_code == 404
    assert "Compliance</a>" not in page_text(
        signed_in(support_agent).get(reverse("customer-profile", args=[person.pk]))
    )
    page = page_text(tab(signed_in(administrator), person, "compliance"))
    assert "Restrictions" in page and "Freeze the assets" in page
    assert "Set a legal freeze" not in page, "administrators do not set legal freezes"


def test_freezing_asks_the_password_and_restates_the_effect(signed_in, officer):
    person = make_person()
    client = signed_in(officer)
    url = reverse("compliance-freeze", args=[person.pk])
    page = page_text(client.get(url))
    assert "Every payout stops except received SEPA direct debits" in page and "Your password" in page
    response = client.post(url, {"comment": CANARY, "password": "wrong"})
    assert response.status_code == 200 and "password" in page_text(response).lower()
    assert not Customer.objects.get(pk=person.pk).is_frozen
    response = client.post(url, {"comment": "", "password": PASSWORD})
    assert "This field is required." in page_text(response)
    response = client.post(url, {"comment": CANARY, "password": PASSWORD}, follow=True)
    page = page_text(response)
    assert "The assets are frozen." in page and CANARY in page and "Lift the freeze" in page
    assert Customer.objects.get(pk=person.pk).is_frozen
    assert AuditEntry.objects.get(action="compliance.freeze.set").actor == officer


def test_lifting_a_legal_freeze(signed_in, officer, make_staff):
    """Four-eyes by default: the officer asks, another compliance officer approves."""
    person = make_person()
    set_legal_freeze(actor=ROBOT, customer=person, comment=CANARY)
    client = signed_in(officer)
    url = reverse("compliance-lift-legal-freeze", args=[person.pk])
    assert "Payouts resume at once" in page_text(client.get(url))
    client.post(url, {"comment": "Order lifted by the court.", "password": PASSWORD})
    assert Customer.objects.get(pk=person.pk).is_legal_frozen, "not before a second person approves"
    approval = ApprovalRequest.objects.get(command="compliance.legal_freeze.lift")
    second = sign_in(Client(), make_staff("second", "Compliance officer"))
    second.post(reverse("approval-approve", args=[approval.pk]), {"text": "Court order checked.", "password": PASSWORD})
    assert not Customer.objects.get(pk=person.pk).is_legal_frozen


def test_a_command_the_state_no_longer_offers_goes_back_with_the_reason(signed_in, officer):
    person = make_person()
    response = signed_in(officer).get(reverse("compliance-unfreeze", args=[person.pk]), follow=True)
    assert (
        "The customer&#x27;s assets are not frozen." in response.content.decode()
        or "assets are not frozen" in page_text(response)
    )


def test_support_agents_see_what_the_customer_may_do_without_the_confidential_reason(
    signed_in, support_agent, compliance_officer
):
    person = make_person()
    freeze_assets(actor=ROBOT, customer=person, comment=CANARY)
    suspend(actor=ROBOT, customer=person, reason=CANARY)
    support = page_text(tab(signed_in(support_agent), person, "operations"))
    assert "Not allowed" in support and "frozen" not in support.lower() and "suspended:" not in support
    assert "Not allowed now: ask compliance." in support
    assert CANARY not in support
    compliance = page_text(tab(signed_in(compliance_officer), person, "operations"))
    assert "The assets are frozen: payouts are stopped." in compliance


def test_support_agents_find_no_trace_of_a_freeze(signed_in, support_agent):
    person = make_person("Frida", "Fjord")
    freeze_assets(actor=ROBOT, customer=person, comment=CANARY)
    set_legal_freeze(actor=ROBOT, customer=person, comment=CANARY)
    suspend(actor=ROBOT, customer=person, reason=CANARY)
    client = signed_in(support_agent)
    pages = [
        reverse("customer-profile", args=[person.pk]),
        reverse("customer-tab", args=[person.pk, "history"]),
        reverse("customer-tab", args=[person.pk, "operations"]),
        reverse("customer-tab", args=[person.pk, "kyc"]),
        reverse("search") + "?q=frida",
        reverse("customer-list") + "?q=frida",
    ]
    for url in pages:
        page = page_text(client.get(url, follow=True))
        assert CANARY not in page, url
        assert "freeze" not in page.lower() and "frozen" not in page.lower(), url


def test_the_compliance_tab_reads_a_fixed_number_of_queries(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    quiet, busy = make_person(), make_person()
    for _ in range(5):
        freeze_assets(actor=ROBOT, customer=busy, comment="x")
        lift_asset_freeze(actor=ROBOT, customer=busy, comment="y")
        suspend(actor=ROBOT, customer=busy, reason="z")
        reactivate(actor=ROBOT, customer=busy, reason="w")
    urls = [reverse("customer-tab", args=[c.pk, "compliance"]) for c in (quiet, busy)]
    count_queries(client, urls[0])
    assert count_queries(client, urls[1]) == count_queries(client, urls[0])


@pytest.mark.parametrize("command", ["freeze", "legal_freeze"])
def test_support_agents_cannot_tell_a_freeze_from_a_legal_freeze(signed_in, support_agent, command):
    """A freeze lets received SEPA direct debits through, a legal freeze does not: shown as they
    are, the rows would tell which. Without the confidential reasons every payout reads the same."""
    person = make_person()
    {"freeze": freeze_assets, "legal_freeze": set_legal_freeze}[command](actor=ROBOT, customer=person, comment=CANARY)
    page = tab(signed_in(support_agent), person, "operations").content.decode()
    import re

    rows = dict(re.findall(r'data-operation="(\w+)">.*?<td class="text-nowrap">(.*?)</td>', page, re.S))
    payouts = ("card_transaction", "wallet_transfer_emitted", "sct_emitted", "sdd_received")
    assert {rows[op].strip() for op in payouts} == {'<span class="badge text-bg-danger">Not allowed</span>'}


def test_the_restriction_history_lists_restrictions_not_api_queries(signed_in, compliance_officer, client):
    from compliance.services.client_systems import issue_key

    person = make_person()
    freeze_assets(actor=ROBOT, customer=person, comment=CANARY)
    key = issue_key(actor=ROBOT, name="card-processor")[1]
    for _ in range(3):
        client.get(reverse("api-customer-operations", args=[person.pk]), headers={"Authorization": f"Bearer {key}"})
    page = page_text(tab(signed_in(compliance_officer), person, "compliance"))
    assert "Asset freeze set" in page and "Operations policy queried" not in page
