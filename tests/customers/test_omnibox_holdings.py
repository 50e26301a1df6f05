"""The omnibox finds a customer by what they hold (issue 21: an IBAN whole or its country and last
digits, an account number, a card's last four digits with its expiry, a beneficiary's IBAN), in
its one query, and says which holding matched, masked as the viewer sees IBANs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers import selectors
from customers.models import Account
from tests.customers.factories import make_person
from tests.customers.holdings import IBANS, make_account, make_beneficiary, make_card
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

IBAN = "FR7630006000011234567890189"


@pytest.fixture
def zoe():
    zoe = make_person("Zoé", "Dupont")
    account = make_account(zoe, iban=IBAN)
    make_card(zoe, account, expiry_month=6, expiry_year=2028, masked_pan="5350 43•• •••• 4242")
    return zoe


def found(user, query):
    results = selectors.find_customers(user, query)
    return {(group, result.customer.pk, str(result.match.value)) for group, rows in results.groups for result in rows}


@pytest.mark.parametrize(
    ("query", "group", "shown"),
    [
        (IBAN, "Account IBAN", "FR76 •••• 0189"),
        ("fr76 3000 6000 0112 3456 7890 189", "Account IBAN", "FR76 •••• 0189"),
        ("FR 0189", "Account IBAN", "FR•• •••• 0189"),
        ("FR…0189", "Account IBAN", "FR•• •••• 0189"),
        ("4242 06/28", "Card", "•••• 4242 06/28"),
        ("4242 6/2028", "Card", "•••• 4242 06/28"),
    ],
)
def test_a_support_agent_finds_the_owner_by_what_they_hold(support_agent, zoe, query, group, shown):
    make_person("Anna", "Other")
    assert found(support_agent, query) == {(group, zoe.pk, f"<mark>{shown}</mark>")}


def test_a_compliance_officer_sees_the_iban_whole_and_a_co_holder_is_found_too(compliance_officer, zoe):
    partner = make_person("Paul", "Dupont")
    zoe.accounts.get().holders.add(partner)
    shown = "<mark>FR76 3000 6000 0112 3456 7890 189</mark>"
    assert found(compliance_officer, IBAN) == {("Account IBAN", zoe.pk, shown), ("Account IBAN", partner.pk, shown)}


def test_an_account_number_finds_its_owner_and_a_customer_id_still_finds_its_customer(support_agent, zoe):
    number = zoe.accounts.get().number
    assert found(support_agent, number) == {("Account number", zoe.pk, f"<mark>{number}</mark>")}
    assert {row[1] for row in found(support_agent, str(zoe.pk))} == {zoe.pk}


def test_a_beneficiarys_iban_finds_whoever_pays_it(support_agent, zoe):
    payer = make_person("Marc", "Payer")
    make_beneficiary(payer, iban=IBANS[1])
    assert found(support_agent, IBANS[1]) == {("Beneficiary IBAN", payer.pk, "<mark>DE89 •••• 3000</mark>")}


def test_nothing_held_so_finds_nobody_and_a_name_is_still_a_name(support_agent, zoe):
    assert found(support_agent, "FR7612345678901234567890123") == set()
    assert found(support_agent, "9999 06/28") == set()
    assert {row[0] for row in found(support_agent, "Dupont")} == {"Name"}


@pytest.mark.parametrize("query", [IBAN, "FR 0189", "4242 06/28", "40000000001", "Dupont"])
def test_still_one_query(support_agent, zoe, query):
    selectors.find_customers(support_agent, "warm")  # the viewer's permissions, read once
    with CaptureQueriesContext(connection) as queries:
        selectors.find_customers(support_agent, query)
    assert len(queries) == 1, [q["sql"][:120] for q in queries.captured_queries]


def test_the_search_page_opens_the_one_owner(signed_in, support_agent, zoe):
    response = signed_in(support_agent).get(reverse("search"), {"q": IBAN})
    assert response.status_code == 302 and response.url == reverse("customer-profile", args=[zoe.pk])
    page = page_text(
        signed_in(support_agent).get(reverse("search"), {"q": "4242 06/28", "suggest": "1"}, HTTP_HX_REQUEST="true")
    )
    assert "Card:" in page and "Zoé Dupont" in page


# --- a card's public token and a wallet id (issue 21: Treezor's publicToken and walletId) ----------


def test_a_cards_public_token_finds_its_owner(support_agent, zoe):
    make_person("Anna", "Other")
    token = zoe.cards.get().public_token
    assert found(support_agent, token) == {("Card public token", zoe.pk, f"<mark>{token}</mark>")}
    spaced = f"{token[:3]} {token[3:6]} {token[6:]}"
    assert found(support_agent, spaced) == {("Card public token", zoe.pk, f"<mark>{token}</mark>")}


def test_nine_digits_are_a_token_an_account_number_and_a_customer_id_at_once(support_agent, zoe):
    """Each is looked for; each owner's suggestion says which one matched."""
    token = zoe.cards.get().public_token
    numbered = make_person("Nina", "Numbered")
    Account.objects.filter(pk=make_account(numbered, iban=IBANS[2]).pk).update(number=token)
    assert found(support_agent, token) == {
        ("Card public token", zoe.pk, f"<mark>{token}</mark>"),
        ("Account number", numbered.pk, f"<mark>{token}</mark>"),
    }


@pytest.mark.parametrize("written", ["W{pk}", "w{pk}", "wallet {pk}", "Wallet ID #{pk}", "walletId {pk}"])
def test_a_wallet_id_finds_the_owner_and_co_holders_not_the_customer_of_that_id(support_agent, zoe, written):
    account = zoe.accounts.get()
    partner = make_person("Paul", "Dupont")
    account.holders.add(partner)
    query = written.format(pk=account.pk)
    shown = f"<mark>W{account.pk}</mark>"
    assert found(support_agent, query) == {("Wallet id", zoe.pk, shown), ("Wallet id", partner.pk, shown)}


def test_a_bare_number_stays_a_customer_id_and_an_unknown_wallet_finds_nobody(support_agent, zoe):
    account = zoe.accounts.get()
    assert account.wallet_id == f"W{account.pk}"
    assert {row[0] for row in found(support_agent, str(zoe.pk))} == {"Customer id"}
    assert found(support_agent, "W999999999") == set()


def test_the_account_page_and_tab_show_the_wallet_id(signed_in, support_agent, zoe):
    account = zoe.accounts.get()
    client = signed_in(support_agent)
    assert account.wallet_id in page_text(client.get(reverse("customer-account", args=[zoe.pk, account.pk])))
    assert account.wallet_id in page_text(client.get(reverse("customer-tab", args=[zoe.pk, "accounts"])))


@pytest.mark.parametrize("query", ["{token}", "W{account}", "wallet {account}"])
def test_the_new_keys_are_still_one_query(support_agent, zoe, query):
    query = query.format(token=zoe.cards.get().public_token, account=zoe.accounts.get().pk)
    selectors.find_customers(support_agent, "warm")
    with CaptureQueriesContext(connection) as queries:
        selectors.find_customers(support_agent, query)
    assert len(queries) == 1, [q["sql"][:120] for q in queries.captured_queries]
