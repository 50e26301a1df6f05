"""Every customer's accounts, cards and transactions in one list each (issue 21: Treezor's All
Cards and All Card Transactions, search by wallet): the filters a support agent needs, bad
filters said next to the field, the profile's masking, rows linking into the profile, exports
audited, queries that do not grow with the page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEntry
from customers.choices import AccountStatus, CardStatus, Currency, Direction, OperationType
from customers.models import Tag, Transaction
from tests.customers.factories import make_company, make_person
from tests.customers.holdings import add_transactions, make_account, make_card
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def holdings():
    zoe = make_person("Zoé", "Dupont")
    acme = make_company("Acme Widgets SAS")
    euros = make_account(zoe, balance="1250.00", name="Everyday")
    dollars = make_account(acme, balance="20.00", currency=Currency.USD, name="Dollar wallet")
    blocked = make_account(acme, balance="0.00", primary=False, status=AccountStatus.BLOCKED, name="Old")
    card = make_card(zoe, euros)
    lost = make_card(acme, dollars, status=CardStatus.LOST, expiry_year=timezone.now().year, expiry_month=1)
    now = timezone.now()
    rows = [
        Transaction(
            account=euros,
            booked_at=now - timedelta(days=2),
            value_date=(now - timedelta(days=2)).date(),
            amount=Decimal("1500.00"),
            direction=Direction.PAYIN,
            operation_type=OperationType.SCT_RECEIVED,
            label="Salary",
            counterparty_name="Employer SA",
            counterparty_iban="DE89370400440532013000",
        ),
        Transaction(
            account=dollars,
            booked_at=now - timedelta(days=1),
            value_date=(now - timedelta(days=1)).date(),
            amount=Decimal("12.50"),
            currency=Currency.USD,
            direction=Direction.PAYOUT,
            operation_type=OperationType.CARD_TRANSACTION,
            label="Coffee",
        ),
    ]
    Transaction.objects.bulk_create(rows)
    return {
        "zoe": zoe,
        "acme": acme,
        "euros": euros,
        "dollars": dollars,
        "blocked": blocked,
        "card": card,
        "lost": lost,
    }


def test_every_account_with_its_owner_and_the_profiles_masking(signed_in, support_agent, compliance_officer, holdings):
    euros = holdings["euros"]
    page = signed_in(support_agent).get(reverse("account-list")).content.decode()
    assert euros.number in page and "Everyday" in page and "1,250.00 EUR" in page
    assert f"{euros.iban[:4]} •••• {euros.iban[-4:]}" in page and euros.iban not in page, "masked for support"
    assert reverse("customer-account", args=[holdings["zoe"].pk, euros.pk]) in page
    assert reverse("customer-profile", args=[holdings["zoe"].pk]) in page and "Acme Widgets SAS" in page
    full = signed_in(compliance_officer).get(reverse("account-list")).content.decode()
    assert " ".join(euros.iban[i : i + 4] for i in range(0, len(euros.iban), 4)) in full


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status": "blocked"}, ["Old"], ["Everyday", "Dollar wallet"]),
        ({"currency": "USD"}, ["Dollar wallet"], ["Everyday", "Old"]),
        ({"min_amount": "100"}, ["Everyday"], ["Dollar wallet", "Old"]),
        ({"max_amount": "20"}, ["Dollar wallet", "Old"], ["Everyday"]),
        ({"min_amount": "10", "max_amount": "30"}, ["Dollar wallet"], ["Everyday", "Old"]),
    ],
)
def test_accounts_filter_by_status_currency_and_balance(signed_in, support_agent, holdings, query, shown, hidden):
    page = page_text(signed_in(support_agent).get(reverse("account-list"), query))
    assert all(name in page for name in shown) and not any(name in page for name in hidden), page


def test_an_account_is_found_by_its_number_or_iban_and_by_its_owners_tags(signed_in, support_agent, holdings):
    client, euros = signed_in(support_agent), holdings["euros"]
    vip = Tag.objects.create(name="VIP")  # before a page caches the tags offered
    holdings["acme"].tags.add(vip)
    for typed in (euros.number, " ".join(euros.iban[i : i + 4] for i in range(0, 24, 4)) + euros.iban[24:]):
        page = page_text(client.get(reverse("account-list"), {"number": typed.lower()}))
        assert "Everyday" in page and "Dollar wallet" not in page
    page = page_text(client.get(reverse("account-list"), {"tags": vip.pk}))
    assert "Dollar wallet" in page and "Old" in page and "Everyday" not in page


def test_a_wrong_range_is_said_next_to_the_field_and_lists_nothing(signed_in, support_agent, holdings):
    response = signed_in(support_agent).get(reverse("account-list"), {"min_amount": "50", "max_amount": "10"})
    page = page_text(response)
    assert response.status_code == 200 and "The maximum is below the minimum." in page and "Everyday" not in page
    page = page_text(signed_in(support_agent).get(reverse("account-list"), {"min_amount": "lots"}))
    assert "Enter a number." in page


def test_every_card_by_status_last_four_and_expiry(signed_in, support_agent, holdings):
    client, card, lost = signed_in(support_agent), holdings["card"], holdings["lost"]
    page = page_text(client.get(reverse("card-list")))
    assert card.masked_pan in page and lost.masked_pan in page and "Zoé Dupont" in page
    assert (
        reverse("customer-tab", args=[holdings["zoe"].pk, "cards"]) in client.get(reverse("card-list")).content.decode()
    )
    page = page_text(client.get(reverse("card-list"), {"status": "lost"}))
    assert lost.masked_pan in page and card.masked_pan not in page
    page = page_text(client.get(reverse("card-list"), {"last4": card.last4}))
    assert card.masked_pan in page and lost.masked_pan not in page
    page = page_text(client.get(reverse("card-list"), {"expires_by": f"{timezone.now().year}-03"}))
    assert lost.masked_pan in page and card.masked_pan not in page
    page = page_text(client.get(reverse("card-list"), {"last4": "12a"}))
    assert "The last four digits of the card number." in page and card.masked_pan not in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"min_amount": "100"}, ["Salary"], ["Coffee"]),
        ({"currency": "USD"}, ["Coffee"], ["Salary"]),
        ({"operation_type": OperationType.SCT_RECEIVED}, ["Salary"], ["Coffee"]),
        ({"direction": "payout"}, ["Coffee"], ["Salary"]),
        ({"counterparty_iban": "de89 3704 0044 0532 0130 00"}, ["Salary"], ["Coffee"]),
    ],
)
def test_every_transaction_by_amount_currency_operation_and_counterparty(
    signed_in, support_agent, holdings, query, shown, hidden
):
    page = page_text(signed_in(support_agent).get(reverse("transaction-list"), query))
    assert all(label in page for label in shown) and not any(label in page for label in hidden), page


def test_a_transaction_names_its_owner_and_account_and_masks_the_counterparty_for_support(
    signed_in, support_agent, holdings
):
    page = signed_in(support_agent).get(reverse("transaction-list")).content.decode()
    assert "Acme Widgets SAS" in page and holdings["dollars"].number in page
    assert "DE89 •••• 3000" in page and "DE89370400440532013000" not in page
    assert page.index("Coffee") < page.index("Salary"), "newest first"


def test_exports_are_audited_and_masked(signed_in, support_agent, holdings):
    client = signed_in(support_agent)
    for url_name, action in (
        ("account-list", "customers.accounts.exported"),
        ("card-list", "customers.cards.exported"),
        ("transaction-list", "customers.transactions.exported"),
    ):
        body = b"".join(client.post(reverse(url_name), {"export": "csv"}).streaming_content).decode()
        assert holdings["euros"].iban not in body and "DE89370400440532013000" not in body
        assert AuditEntry.objects.filter(action=action).exists()


@pytest.mark.parametrize("url_name", ["account-list", "card-list", "transaction-list"])
def test_a_pages_queries_do_not_grow_with_its_rows(signed_in, support_agent, url_name):
    client = signed_in(support_agent)

    def holdings_of(n):
        for i in range(n):
            person = make_person("Anna", f"Nowak{i}")
            account = make_account(person)
            make_card(person, account)
            add_transactions(account, 2)

    holdings_of(2)
    client.get(reverse(url_name))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    holdings_of(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(many) == len(few) <= 12, [query["sql"][:100] for query in many.captured_queries]
