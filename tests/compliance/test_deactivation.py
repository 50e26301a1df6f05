"""Deactivation: the pre-flight page lists what blocks it; once nothing does, the reason, the
password and the irreversibility make the customer CANCELED for good (accounts closed, still
searchable). On PostgreSQL a trigger refuses a non-zero balance and any way back."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry
from compliance.models import OutboxEvent
from compliance.services.deactivation import deactivate, preflight
from customers.models import Account, Customer, Transaction
from tests.conftest import require_service, sign_in
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import add_transactions, make_account, make_card
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_the_preflight_lists_every_blocker(signed_in, compliance_officer):
    person = make_person()
    account = make_account(person, balance="12.50")
    make_card(person, account)
    add_transactions(account, 2)
    Transaction.objects.filter(account=account).update(status="pending")
    check = preflight(person)
    assert not check.clear and len(check.balances) == 1 and len(check.cards) == 1 and check.pending_operations == 2
    page = page_text(signed_in(compliance_officer).get(reverse("compliance-deactivate", args=[person.pk])))
    assert "balance 12.50 EUR, not 0." in page and "cancel it first" in page and "2 operation(s) still pending" in page
    assert 'name="confirm"' not in page and 'name="password"' not in page, "no form while something blocks it"
    with pytest.raises(DomainError, match="not 0"):
        deactivate(actor=ROBOT, customer=person, reason="Closing.")


def test_a_customer_with_nothing_left_is_deactivated_for_good(signed_in, compliance_officer, make_staff):
    compliance_officer.set_password(PASSWORD)
    compliance_officer.save()
    person = make_person("Dora", "Departed")
    make_account(person, balance="0.00")
    client = signed_in(compliance_officer)
    url = reverse("compliance-deactivate", args=[person.pk])
    assert "Nothing blocks it" in page_text(client.get(url))
    response = client.post(url, {"reason": "Customer asked to close.", "password": PASSWORD})
    assert "a deactivated customer can never be reactivated" in page_text(response)
    response = client.post(url, {"reason": "Customer asked to close.", "password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert Customer.objects.get(pk=person.pk).status != "CANCELED", "four-eyes: not before a second person approves"
    approval = ApprovalRequest.objects.get(command="compliance.customer.deactivate")
    assert approval.parameters == {"reason": "Customer asked to close."}, "the tick box is no parameter"
    admin = sign_in(Client(), make_staff("admin2", "Administrator"))
    admin.post(reverse("approval-approve", args=[approval.pk]), {"text": "Balances checked.", "password": PASSWORD})
    person.refresh_from_db()
    assert person.status == "CANCELED"
    assert set(Account.objects.filter(customer=person).values_list("status", flat=True)) == {"closed"}
    assert AuditEntry.objects.get(action="compliance.customer.deactivated").reason == "Customer asked to close."
    assert OutboxEvent.objects.get().payload["object_payload"]["users"][0]["userStatus"] == "CANCELED"
    found = client.get(reverse("search"), {"q": "dora departed"})  # still found: straight to the profile
    assert found.url == reverse("customer-profile", args=[person.pk])
    with pytest.raises(DomainError, match="deactivated already"):
        deactivate(actor=ROBOT, customer=person, reason="Again.")


def test_support_agents_cannot_deactivate(signed_in, support_agent):
    assert signed_in(support_agent).get(reverse("compliance-deactivate", args=[make_person().pk])).status_code == 403


def test_the_database_refuses_a_non_zero_balance_and_any_way_back():
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    person = make_person()
    make_account(person, balance="0.01")
    with pytest.raises(IntegrityError, match="balance is not 0"), transaction.atomic():
        Customer.objects.filter(pk=person.pk).update(status="CANCELED")
    Account.objects.filter(customer=person).update(balance=0)
    Customer.objects.filter(pk=person.pk).update(status="CANCELED")
    with pytest.raises(IntegrityError, match="stays CANCELED"), transaction.atomic():
        Customer.objects.filter(pk=person.pk).update(status="VALIDATED")
    assert Customer.objects.get(pk=person.pk).status == "CANCELED"


def test_the_database_keeps_a_deactivated_customers_accounts_at_zero():
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    person = make_person()
    account = make_account(person, balance="0.00")
    Customer.objects.filter(pk=person.pk).update(status="CANCELED")
    with pytest.raises(IntegrityError, match="its accounts stay at 0"), transaction.atomic():
        Account.objects.filter(pk=account.pk).update(balance="5.00")
    with pytest.raises(IntegrityError, match="its accounts stay at 0"), transaction.atomic():
        make_account(person, balance="1.00")
