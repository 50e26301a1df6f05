"""Blocking, unblocking and closing an account (issue 21; Crassula: "to manually stop all
transactions of a Client, change their account status"): compliance officers and administrators,
with a reason, audited confidentially; closing only at a zero balance and with no card that
could pay; the policy, the Operations tab and the operations API refuse what is on a stopped
account."""

from decimal import Decimal

import pytest
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from compliance import policy
from compliance.services.client_systems import issue_key
from customers.choices import AccountStatus, CardStatus, OperationType
from customers.services.accounts import block_account, close_account, unblock_account
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_account, make_card
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return make_account(make_person("Zoé", "Dupont"), balance="250.00", name="Everyday")


def test_a_compliance_officer_blocks_and_unblocks_an_account_from_its_page(signed_in, compliance_officer, account):
    client = signed_in(compliance_officer)
    page_url = reverse("customer-account", args=[account.customer_id, account.pk])
    page = page_text(client.get(page_url))
    assert "Block the account" in page and "Unblock the account" not in page
    assert "an account is closed only at zero" in page, "closing is offered, and says why not yet"
    block_url = reverse("customer-account-block", args=[account.customer_id, account.pk])
    response = client.post(block_url, {"reason": ""})
    assert response.status_code == 200 and "This field is required." in page_text(response)
    response = client.post(block_url, {"reason": "Police request 2026/118."})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == AccountStatus.BLOCKED
    entry = AuditEntry.objects.get(action="customers.account.blocked")
    assert (
        entry.confidential and entry.reason == "Police request 2026/118." and entry.customer_id == account.customer_id
    )
    page = page_text(client.get(page_url))
    assert "Unblock the account" in page and "Blocked on " in page and ": Police request 2026/118." in page
    client.post(reverse("customer-account-unblock", args=[account.customer_id, account.pk]), {"reason": "Lifted."})
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE and AuditEntry.objects.filter(action="customers.account.unblocked")


def test_a_support_agent_sees_the_status_but_has_no_button(signed_in, support_agent, account):
    block_account(actor=ROBOT, account=account, reason="Police request.")
    client = signed_in(support_agent)
    page = page_text(client.get(reverse("customer-account", args=[account.customer_id, account.pk])))
    assert "Blocked on " in page and "Unblock the account" not in page and "Police request" not in page
    url = reverse("customer-account-unblock", args=[account.customer_id, account.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_closing_needs_a_zero_balance_and_no_working_card(account):
    with pytest.raises(DomainError, match="closed only at zero"):
        close_account(actor=ROBOT, account=account, reason="Asked by the customer.")
    account.balance = account.authorized_balance = Decimal("0")
    account.save()
    card = make_card(account.customer, account)
    with pytest.raises(DomainError, match="1 card"):
        close_account(actor=ROBOT, account=account, reason="Asked by the customer.")
    card.status = CardStatus.DESTROYED
    card.save()
    account = close_account(actor=ROBOT, account=account, reason="Asked by the customer.")
    assert account.status == AccountStatus.CLOSED and account.closed_at is not None
    for move in (block_account, unblock_account, close_account):
        with pytest.raises(DomainError):
            move(actor=ROBOT, account=account, reason="Again.")


def test_a_blocked_accounts_operations_are_refused_by_the_policy_tab_and_api(signed_in, support_agent, client, account):
    other = make_account(account.customer, primary=False, name="Savings")
    account = block_account(actor=ROBOT, account=account, reason="Police request.")
    received = OperationType.SCT_RECEIVED  # what a customer at KYC level None may do
    refused = policy.decide(account.customer, received, account)
    assert not refused.allowed and refused.reasons[0].text == f"The account {account.number} is blocked: nothing on it."
    assert policy.decide(account.customer, received, other).outcome != policy.REFUSED
    page = page_text(signed_in(support_agent).get(reverse("customer-tab", args=[account.customer_id, "operations"])))
    assert "Accounts that take no transaction" in page and account.number in page and "Police request" not in page
    key = issue_key(actor=ROBOT, name="card-processor")[1]
    url = reverse("api-customer-operations", args=[account.customer_id])
    headers = {"Authorization": f"Bearer {key}"}
    answer = client.get(url, {"account": account.pk}, headers=headers).json()
    assert {operation["outcome"] for operation in answer["operations"]} == {policy.REFUSED}
    answer = client.get(url, {"account": other.pk}, headers=headers).json()
    assert {operation["outcome"] for operation in answer["operations"]} != {policy.REFUSED}
    assert client.get(url, {"account": "999999"}, headers=headers).status_code == 404
