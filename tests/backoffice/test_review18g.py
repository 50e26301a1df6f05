"""Outside review 18g (/work/briefs/review18g.md): the commands declared in this round, made to
wait for a second person by administrators."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from backoffice.models import ApprovalRequest, AuditEntry, CommandRule
from backoffice.roles import COMPLIANCE_OFFICER
from compliance.services.restrictions import set_legal_freeze
from compliance.services.risk import set_risk
from customers.models import Customer
from customers.services.verification import set_manual_verification_level
from tests.backoffice.test_every_four_eyes_command import identified_at_2
from tests.conftest import sign_in
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_compliance_only_note_waiting_is_hidden_from_support(compliance_officer, support_agent):
    """Finding 1: a support agent read and approved a compliance-only note asked by compliance."""
    CommandRule.objects.create(command="customers.note.add", four_eyes=True)
    customer = make_person()
    client = sign_in(Client(), compliance_officer)
    note = {"body": "Suspected mule account.", "visibility": "compliance", "approval_reason": "From the STR."}
    client.post(reverse("customer-note-add", args=[customer.pk]), note)
    approval = ApprovalRequest.objects.get(command="customers.note.add")
    assert approval.confidential
    assert AuditEntry.objects.get(action="approvals.requested").confidential
    support = sign_in(Client(), support_agent)
    assert "Suspected mule" not in page_text(support.get(reverse("approval-list")))
    assert support.get(reverse("approval-detail", args=[approval.pk])).status_code == 404
    public = {**note, "visibility": "everyone", "body": "Called about a card."}
    client.post(reverse("customer-note-add", args=[make_person("Ann", "Other").pk]), public)
    assert not ApprovalRequest.objects.get(parameters__body="Called about a card.").confidential


def test_a_freeze_or_a_risk_level_meanwhile_neither_shows_nor_stales_a_support_request(
    support_agent, compliance_officer, make_staff
):
    """Finding 2: a support agent's request page said "Risk level (was medium, now high)", and any
    such change made every pending request on the customer impossible to approve."""
    CommandRule.objects.create(command="customers.password_reset.send", four_eyes=True)
    customer = make_person()
    client = sign_in(Client(), support_agent)
    client.post(
        reverse("customer-password-reset", args=[customer.pk]),
        {"email": customer.primary_email, "approval_reason": "Locked out, identity checked."},
    )
    approval = ApprovalRequest.objects.get(command="customers.password_reset.send")
    today = datetime.date.today()
    set_risk(
        actor=compliance_officer,
        customer=customer,
        level="high",
        score=80,
        last_review_on=today,
        next_review_on=today,
        reason="PEP.",
    )
    set_legal_freeze(actor=ROBOT, customer=Customer.objects.get(pk=customer.pk), comment="Court order 12.")
    page = page_text(client.get(reverse("approval-detail", args=[approval.pk])))
    assert "Risk level" not in page and "Legal freeze" not in page and "changed since" not in page
    assert "Locked out, identity checked." in page, "the reason asked on the page is shown (finding 3)"


def test_raising_and_lowering_the_level_wait_one_at_a_time(make_staff):
    """Finding 5: a request back to level 2 and one to level 5 were both accepted."""
    CommandRule.objects.create(command="kyc.verification_level.lower", four_eyes=True)
    customer = make_person()
    identified_at_2(customer)
    set_manual_verification_level(actor=ROBOT, customer=customer, level=4, reason="Address checked.")
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    make_staff("cora2", COMPLIANCE_OFFICER)
    client = sign_in(Client(), officer)
    url = reverse("kyc-verification-level", args=[customer.pk])
    client.post(url, {"level": 5, "reason": "Proof of funds."})
    assert ApprovalRequest.objects.filter(command="kyc.verification_level.raise").exists()
    response = client.post(url, {"level": 2, "reason": "Back."}, follow=True)
    assert "already waits" in page_text(response)
    assert not ApprovalRequest.objects.filter(command="kyc.verification_level.lower").exists()
