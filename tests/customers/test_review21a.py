"""Issue 21's lists, account commands and KYC status attacked from outside
(/work/briefs/review21a.md): each finding fixed, as a test."""

import base64
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEntry
from compliance import policy
from compliance.services.client_systems import issue_key
from customers.choices import Direction, KycLevel, KycReview, KycStatus, OperationType, TransactionStatus
from customers.models import Customer, Transaction
from customers.services import iban_lookups
from customers.services.accounts import block_account, close_account
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_account, make_card
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_masked_viewers_iban_lookups_are_audited_and_refused_past_a_limit(signed_in, support_agent, monkeypatch):
    monkeypatch.setattr(iban_lookups, "IBAN_LOOKUPS_PER_HOUR", 2)
    account = make_account(make_person("Zoé", "Dupont"))
    client = signed_in(support_agent)
    for _ in range(2):
        assert "Main account" in page_text(client.get(reverse("account-list"), {"number": account.iban}))
    page = page_text(client.get(reverse("account-list"), {"number": account.iban}))
    assert "whole IBANs in the last hour" in page and "Main account" not in page
    search = client.get(reverse("search"), {"q": account.iban}, follow=True)
    assert "whole IBANs in the last hour" in page_text(search)
    entries = AuditEntry.objects.filter(action="customers.iban.looked_up", actor_label=support_agent.username)
    assert entries.count() == 4 and account.iban not in str(entries.first().changes), "audited, masked"


def test_a_compliance_officers_lookups_are_not_counted(signed_in, compliance_officer, monkeypatch):
    monkeypatch.setattr(iban_lookups, "IBAN_LOOKUPS_PER_HOUR", 0)
    account = make_account(make_person("Zoé", "Dupont"))
    page = page_text(signed_in(compliance_officer).get(reverse("account-list"), {"number": account.iban}))
    assert "Main account" in page and not AuditEntry.objects.filter(action="customers.iban.looked_up").exists()


def test_a_customer_whose_every_account_is_stopped_may_do_nothing(client):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(kyc_level=KycLevel.REGULAR, verification_level=3)
    account = make_account(person, balance="0.00")
    card = make_card(person, account)
    person.refresh_from_db()
    assert any(decision.allowed for decision in policy.what_customer_may_do(person))
    block_account(actor=ROBOT, account=account, reason="Police request.")
    decisions = policy.what_customer_may_do(person)
    assert not any(decision.allowed for decision in decisions)
    assert "No open account" in decisions[0].reasons[0].text
    key = issue_key(actor=ROBOT, name="card-processor")[1]
    url = reverse("api-customer-operations", args=[person.pk])
    headers = {"Authorization": f"Bearer {key}"}
    answer = client.get(url, {"card": card.pk, "operation": OperationType.CARD_TRANSACTION}, headers=headers).json()
    assert answer["operations"][0]["allowed"] is False, "a card processor asks by card"
    assert client.get(url, {"account": "²"}, headers=headers).status_code == 404
    assert client.get(url, {"card": "9" * 30}, headers=headers).status_code == 404


def test_an_account_with_pending_transactions_does_not_close(account=None):
    person = make_person()
    account = make_account(person, balance="0.00")
    now = timezone.now()
    Transaction.objects.create(
        account=account,
        booked_at=now,
        value_date=now.date(),
        amount=Decimal("505.00"),
        direction=Direction.PAYIN,
        operation_type=OperationType.SCT_RECEIVED,
        status=TransactionStatus.PENDING,
        label="Incoming",
    )
    with pytest.raises(Exception, match="1 transaction"):
        close_account(actor=ROBOT, account=account, reason="Asked.")


def test_a_customer_identified_before_reviews_were_recorded_has_passed(signed_in, support_agent):
    person = make_person("Ida", "Identified")
    Customer.objects.filter(pk=person.pk).update(kyc_level=KycLevel.REGULAR, kyc_review=KycReview.NONE)
    person.refresh_from_db()
    assert person.kyc_status == KycStatus.PASSED
    client = signed_in(support_agent)
    assert "Ida Identified" in page_text(client.get(reverse("customer-persons"), {"kyc_status": "passed"}))
    assert "Ida Identified" not in page_text(client.get(reverse("customer-persons"), {"kyc_status": "not_run"}))


def test_tampered_inputs_are_refused_not_a_server_error(signed_in, support_agent):
    client = signed_in(support_agent)
    nested = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode()
    assert client.get(reverse("transaction-list"), {"after": nested}).status_code == 200
    shallow = base64.urlsafe_b64encode(b"[" * 1500 + b"]" * 1500).decode()
    assert client.get(reverse("account-list"), {"after": shallow}).status_code == 200
    for url_name in ("account-list", "card-list"):
        assert client.get(reverse(url_name), {"customer": "9" * 23}).status_code == 200


def test_a_card_on_a_blocked_account_says_so_in_the_cards_list(signed_in, support_agent):
    person = make_person()
    account = make_account(person)
    make_card(person, account)
    block_account(actor=ROBOT, account=account, reason="Police request.")
    page = page_text(signed_in(support_agent).get(reverse("card-list")))
    assert "account blocked" in page


def test_the_kyc_run_date_is_the_same_day_in_the_header_and_the_list(signed_in, support_agent, settings):
    person = make_person("Nora", "Night")
    midnight = timezone.localtime().replace(hour=0, minute=30) - timedelta(days=1)
    Customer.objects.filter(pk=person.pk).update(kyc_review=KycReview.VALIDATED, kyc_checked_at=midnight)
    client = signed_in(support_agent)
    client.post(reverse("customer-persons"), {"columns_action": "save", "columns": ["name", "kyc"]})
    body = b"".join(client.post(reverse("customer-persons"), {"export": "csv"}).streaming_content).decode()
    assert f"Passed ({midnight.date().isoformat()})" in body
    assert f"run {midnight.date().isoformat()}" in page_text(client.get(reverse("customer-profile", args=[person.pk])))
