"""The vigilance transfer's refund (seed 002: "Transfer must be refunded if the User is not
KYC-validated"): a refusal that leaves the customer not validated opens it on the KYC tab as a
task, Requested; a compliance officer marks it Refunded with the refund's reference; each step
is audited; a support agent sees the task but not the command."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.models import ApprovalRequest, AuditEntry
from customers.choices import OperationType
from customers.models import Transaction
from kyc.models import KycForm, Review, VigilanceRefund
from kyc.services.reviews import request_review
from tests.conftest import PASSWORD, sign_in
from tests.customers.factories import ROBOT, make_person
from tests.customers.holdings import make_account
from tests.helpers import audit_actions, page_text
from tests.kyc.reviews import PASSPORT, decide_review, upload_all

pytestmark = pytest.mark.django_db


def received(account, *, amount, name, iban, label, booked_at=None):
    booked_at = booked_at or timezone.now()
    return Transaction.objects.create(
        account=account,
        booked_at=booked_at,
        value_date=booked_at.date(),
        amount=Decimal(amount),
        direction="payin",
        operation_type=OperationType.SCT_RECEIVED,
        label=label,
        counterparty_name=name,
        counterparty_iban=iban,
    )


def approve(checker, command: str) -> None:
    """``checker`` approves the pending request of ``command`` through its page (four-eyes)."""
    approval = ApprovalRequest.objects.get(command=command, status="pending")
    page = sign_in(Client(), checker)
    page.post(reverse("approval-approve", args=[approval.pk]), {"text": "Agreed.", "password": PASSWORD})


def decided_with_a_booked_vigilance_transfer(
    client, compliance_officer, *, decision="refuse", level="1", second_officer=None
):
    """A person whose form asks for the vigilance transfer, booked from their German bank; the
    review decided (refused by default) through the decision page; a permanent refusal approved
    by ``second_officer`` (four-eyes)."""
    KycForm.objects.filter(kind=1, country="").update(vigilance_payin_required=True)
    person = make_person()
    received(make_account(person), amount="20.00", name="Zoë Dupont", iban="DE89370400440532013000", label="Vigilance")
    passport, _ = upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    data = {"decision": decision, "level": level, "reason": "Forged passport."}
    if decision == "refuse":
        data[f"document_{passport.pk}"] = "Forged."
    response = client.post(reverse("kyc-review-decide", args=[review.pk]), data)
    if decision == "refuse_permanently":
        approve(second_officer, "kyc.review.refuse_permanently")
    assert response.status_code == 302 and Review.objects.get().status != "pending"
    return person


def kyc_tab(client, customer) -> str:
    return page_text(client.get(reverse("customer-tab", args=[customer.pk, "kyc"])))


@pytest.mark.parametrize(("decision", "level"), [("refuse", "1"), ("refuse_permanently", "")])
def test_a_refused_customer_s_transfer_is_to_refund_then_marked_refunded(
    signed_in, compliance_officer, support_agent, make_staff, decision, level
):
    client = signed_in(compliance_officer)
    second = make_staff("second", "Compliance officer")
    person = decided_with_a_booked_vigilance_transfer(
        client, compliance_officer, decision=decision, level=level, second_officer=second
    )
    page = kyc_tab(client, person)
    assert "Refund the vigilance transfer" in page
    assert "20.00 EUR from Zoë Dupont" in page and ">Requested<" in page
    refunded_url = reverse("kyc-vigilance-refunded", args=[person.pk, VigilanceRefund.objects.get().pk])
    assert refunded_url in page

    response = client.post(refunded_url, {"reference": ""})
    assert response.status_code == 200 and "This field is required." in page_text(response)
    response = client.post(refunded_url, {"reference": "PAYINREFUND-8812"}, follow=True)
    assert "waits for a second person" in page_text(response), "four-eyes"
    assert ">Requested<" in kyc_tab(client, person)
    approve(second, "kyc.vigilance_refund.mark_refunded")
    page = kyc_tab(client, person)
    assert ">Refunded<" in page and "PAYINREFUND-8812" in page and refunded_url not in page
    actions = audit_actions(customer_id=person.pk)
    assert actions.index("kyc.vigilance_refund.requested") < actions.index("kyc.vigilance_refund.refunded")
    requested = AuditEntry.objects.get(action="kyc.vigilance_refund.requested")
    refunded = AuditEntry.objects.get(action="kyc.vigilance_refund.refunded")
    assert requested.actor == refunded.actor == compliance_officer
    approval = ApprovalRequest.objects.get(command="kyc.vigilance_refund.mark_refunded")
    assert refunded.changes == {
        "status": ["requested", "refunded"],
        "reference": [None, "PAYINREFUND-8812"],
        "approval_request": [None, approval.pk],
    }
    assert client.post(refunded_url, {"reference": "again"}).status_code == 302  # back to the tab, refused
    assert actions == audit_actions(customer_id=person.pk), "marked once"

    agent = signed_in(support_agent)
    page = kyc_tab(agent, person)
    assert "Refund the vigilance transfer" in page and ">Refunded<" in page and "Mark refunded" not in page


def test_a_support_agent_sees_the_task_but_cannot_mark_it(signed_in, compliance_officer, support_agent, client):
    person = decided_with_a_booked_vigilance_transfer(signed_in(compliance_officer), compliance_officer)
    refund = VigilanceRefund.objects.get()
    agent = signed_in(support_agent)
    page = kyc_tab(agent, person)
    assert ">Requested<" in page and "Mark refunded" not in page
    url = reverse("kyc-vigilance-refunded", args=[person.pk, refund.pk])
    assert agent.post(url, {"reference": "X"}).status_code == 403
    assert VigilanceRefund.objects.get().status == "requested"


def test_a_validated_customer_or_one_without_the_transfer_has_nothing_to_refund(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    passport = review.documents.get(document_type=PASSPORT)
    decide_review(
        actor=ROBOT, review=review, decision="refuse", level=1, reason="No.", document_reasons={passport.pk: "No."}
    )
    assert not VigilanceRefund.objects.exists(), "no vigilance transfer asked for, none booked"
    assert "Refund the vigilance transfer" not in kyc_tab(client, person)


def test_a_refusal_that_keeps_a_validated_level_opens_no_refund(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    person = decided_with_a_booked_vigilance_transfer(client, compliance_officer, decision="validate", level="2")
    assert not VigilanceRefund.objects.exists()
    from tests.kyc.reviews import prevalidate, upload

    prevalidate(upload(person, 12, "new-bill.png"))
    review = request_review(actor=ROBOT, customer=person)
    bill = review.documents.get()
    decide_review(
        actor=ROBOT, review=review, decision="refuse", level=2, reason="Old bill.", document_reasons={bill.pk: "Old."}
    )
    assert not VigilanceRefund.objects.exists(), "still KYC-validated (Regular): nothing to refund"


def test_only_the_customer_s_own_transfer_is_the_vigilance_payin(signed_in, compliance_officer):
    """Seed 002: the user wires money "from their existing bank account". An employer's salary
    from an EEA bank, booked first, is not it; the transfer from an account in the customer's
    name (written another way by their bank) is, and is the one to refund."""
    KycForm.objects.filter(kind=1, country="").update(vigilance_payin_required=True)
    client = signed_in(compliance_officer)
    person = make_person()
    account = make_account(person)
    earlier = timezone.now() - timezone.timedelta(days=3)
    received(account, amount="2799.28", name="Parmentier LLC", iban="FR7630006000011234567890189", label="Salary")
    Transaction.objects.filter(label="Salary").update(booked_at=earlier)
    received(account, amount="50.00", name="Jean Martin", iban="FR7630006000011234567890189", label="Gift")
    passport, _ = upload_all(person)
    assert "Not received yet" in kyc_tab(client, person), "neither the salary nor a friend's gift is the payin"

    received(account, amount="20.00", name="M. DUPONT ZOE", iban="DE89370400440532013000", label="Own account")
    page = kyc_tab(client, person)
    assert "20.00 EUR from M. DUPONT ZOE" in page and "Not received yet" not in page
    review = request_review(actor=ROBOT, customer=person)
    decide_review(
        actor=ROBOT, review=review, decision="refuse", level=1, reason="No.", document_reasons={passport.pk: "No."}
    )
    refund = VigilanceRefund.objects.get()
    assert (refund.payin.label, refund.amount) == ("Own account", Decimal("20.00"))
    page = kyc_tab(client, person)
    assert "20.00 EUR from M. DUPONT ZOE" in page and "2799.28" not in page


def test_the_demo_s_current_accounts_open_with_the_customer_s_own_transfer():
    """The demo shows both cases of the checklist's vigilance line: a customer with an account has
    their opening credit from their own EEA bank account as the payin, one without has none."""
    from customers.demo_holdings.insert import generate_holdings
    from customers.selectors.holdings import vigilance_payin_of

    with_accounts, without = make_person("Jörg", "Köberl", country="DE"), make_person("Anna", "Berg")
    generate_holdings([with_accounts], transactions_per_account=(10, 20))
    payin = vigilance_payin_of(with_accounts)
    assert payin is not None and payin.label == "Opening credit" and payin.counterparty_name == "Jörg Köberl"
    assert vigilance_payin_of(without) is None
