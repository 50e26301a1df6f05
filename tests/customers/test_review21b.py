"""Issue 21's saved views, employment and metadata, and the omnibox by holdings attacked from
outside (/work/briefs/review21b.md): each finding fixed, as a test."""

from datetime import date

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry, SavedView
from compliance import policy
from compliance.services.client_systems import issue_key
from customers.choices import AccountKind, CardStatus, KycLevel, OperationType
from customers.models import Customer
from customers.services import iban_lookups
from customers.services.accounts import block_account
from customers.services.records import add_employment
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_account, make_card
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
IBAN = "FR7630006000011234567890189"


def test_the_customer_lookup_counts_iban_lookups_too(signed_in, support_agent, monkeypatch):
    monkeypatch.setattr(iban_lookups, "IBAN_LOOKUPS_PER_HOUR", 1)
    zoe = make_person("Zoé", "Dupont")
    make_account(zoe, iban=IBAN)
    client = signed_in(support_agent)
    lookup = reverse("customer-person-lookup")
    assert "Zoé Dupont" in page_text(client.get(lookup, {"related": IBAN, "any": "1"}))
    assert "Zoé Dupont" not in page_text(client.get(lookup, {"related": IBAN, "any": "1"})), "past the limit"
    assert AuditEntry.objects.filter(action="customers.iban.looked_up", changes__where=[None, "lookup"]).count() == 2


def test_typing_an_iban_counts_once_and_the_suggestions_say_the_refusal(signed_in, support_agent, monkeypatch):
    monkeypatch.setattr(iban_lookups, "IBAN_LOOKUPS_PER_HOUR", 1)
    make_account(make_person("Zoé", "Dupont"), iban=IBAN)
    client = signed_in(support_agent)
    headers = {"HX-Request": "true"}
    for end in range(15, len(IBAN)):  # the prefixes typed on the way are no IBAN (their check fails)
        client.get(reverse("search"), {"q": IBAN[:end], "suggest": "1"}, headers=headers)
    assert AuditEntry.objects.filter(action="customers.iban.looked_up").count() == 0
    assert "Zoé Dupont" in page_text(client.get(reverse("search"), {"q": IBAN, "suggest": "1"}, headers=headers))
    refused = page_text(client.get(reverse("search"), {"q": IBAN, "suggest": "1"}, headers=headers))
    assert "whole IBANs in the last hour" in refused and "Zoé Dupont" not in refused


def test_a_card_processor_is_told_a_locked_card_cannot_pay_and_a_foreign_card_is_refused(client):
    person, other = make_person(), make_person("Other", "Person")
    Customer.objects.filter(pk=person.pk).update(kyc_level=KycLevel.REGULAR, verification_level=3)
    account = make_account(person)
    locked = make_card(person, account, status=CardStatus.LOCKED)
    foreign = make_card(other, make_account(other))
    key = issue_key(actor=ROBOT, name="card-processor")[1]
    url = reverse("api-customer-operations", args=[person.pk])
    headers = {"Authorization": f"Bearer {key}"}
    answer = client.get(url, {"card": locked.pk, "operation": OperationType.CARD_TRANSACTION}, headers=headers)
    assert answer.json()["operations"][0]["allowed"] is False
    assert client.get(url, {"account": account.pk, "card": foreign.pk}, headers=headers).status_code == 404


def test_an_open_vault_does_not_keep_a_stopped_customer_open():
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(kyc_level=KycLevel.REGULAR, verification_level=3)
    current = make_account(person, balance="0.00")
    make_account(person, kind=AccountKind.VAULT, primary=False, name="Savings vault")
    block_account(actor=ROBOT, account=current, reason="Police request.")
    person.refresh_from_db()
    assert not any(decision.allowed for decision in policy.what_customer_may_do(person))


def test_a_saved_views_name_loses_its_invisible_characters(signed_in, support_agent):
    client = signed_in(support_agent)
    client.post(reverse("customer-list"), {"saved_view_action": "save", "name": "Pay\u202edne\x00 list"})
    assert SavedView.objects.get().name == "Paydne list"


def test_metadata_never_reads_as_a_field_and_employment_dates_are_bounded(signed_in, administrator):
    person = make_person()
    client = signed_in(administrator)
    client.post(reverse("customer-metadata-set", args=[person.pk]), {"key": "birth_date", "value": "1990-01-01"})
    entry = AuditEntry.objects.get(action="customers.metadata.set")
    assert list(entry.changes) == ["metadata “birth_date”"]
    with pytest.raises(Exception, match="1900 or later"):
        add_employment(actor=ROBOT, customer=person, employer="Acme", started_on=date(1, 1, 1))
    with pytest.raises(Exception, match="by today"):
        add_employment(actor=ROBOT, customer=person, employer="Acme", ended_on=date(2999, 1, 1))


def test_a_saved_view_does_not_keep_an_iban(signed_in, support_agent):
    client = signed_in(support_agent)
    url = f"{reverse('account-list')}?number={IBAN}&status=active"
    response = client.post(url, {"saved_view_action": "save", "name": "Hers"}, follow=True)
    assert SavedView.objects.get().query == "status=active"
    assert "does not keep one account" in page_text(response)


@pytest.mark.parametrize("url_name", ["kyc-identification-requests", "screening-hits"])
def test_a_customer_filter_that_is_no_id_lists_nothing_rather_than_failing(signed_in, compliance_officer, url_name):
    client = signed_in(compliance_officer)
    for value in ("²", "9" * 30, "abc"):
        assert client.get(reverse(url_name), {"customer": value}).status_code == 200
