"""Skipping the transfer pre-approval (C) weakens a control: it is a command of its own, with a
reason kept in the audit log, that waits for a second administrator (issue 18); requiring the
pre-approval again is immediate. The settings page no longer carries it."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry
from backoffice.roles import ADMINISTRATOR
from customers.models import Customer
from customers.services.pre_approval import require_transfer_pre_approval, skip_transfer_pre_approval
from tests.conftest import sign_in
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def skips(person) -> bool:
    return Customer.objects.get(pk=person.pk).skip_transfer_pre_approval


def test_the_service_needs_a_reason_and_records_it():
    person = make_person()
    with pytest.raises(DomainError, match="reason is required"), transaction.atomic():
        skip_transfer_pre_approval(actor=ROBOT, customer=person, reason=" ")
    assert not skips(person)
    skip_transfer_pre_approval(actor=ROBOT, customer=person, reason="Trusted corporate treasury, ticket 4411.")
    assert skips(person)
    entry = AuditEntry.objects.get(action="customers.pre_approval.skipped", customer_id=person.pk)
    assert entry.changes["skip_transfer_pre_approval"] == [False, True]
    assert entry.reason == "Trusted corporate treasury, ticket 4411."
    with pytest.raises(DomainError, match="already skip"), transaction.atomic():
        skip_transfer_pre_approval(actor=ROBOT, customer=person, reason="Again.")


def test_skipping_waits_for_a_second_administrator_and_requiring_is_immediate(make_staff, administrator):
    person = make_person()
    maker = sign_in(Client(), administrator)
    profile = page_text(maker.get(reverse("customer-tab", args=[person.pk, "profile"])))
    assert "Skip it…" in profile
    url = reverse("customer-pre-approval-skip", args=[person.pk])
    assert "this change needs a second person" in page_text(maker.get(url))
    response = maker.post(url, {"reason": ""})
    assert "Say why the transfer pre-approval changes: the reason is required." in page_text(response)
    response = maker.post(url, {"reason": "Corporate treasury, ticket 4411."}, follow=True)
    assert "waits for a second person" in page_text(response)
    assert not skips(person), "nothing changes before the approval"
    assert "Skip the transfer pre-approval" in page_text(response), "the profile's banner names the request"
    assert "already waits" in page_text(maker.get(url, follow=True))
    approval = ApprovalRequest.objects.get()
    checker = sign_in(Client(), make_staff("admin2", ADMINISTRATOR))
    checker.post(reverse("approval-approve", args=[approval.pk]), {"text": "Ticket checked."})
    assert skips(person)
    entry = AuditEntry.objects.get(action="customers.pre_approval.skipped")
    assert entry.actor == administrator and entry.changes["approval_request"] == [None, approval.pk]
    response = maker.post(
        reverse("customer-pre-approval-require", args=[person.pk]), {"reason": "Ticket closed."}, follow=True
    )
    assert "Transfers need the pre-approval again." in page_text(response) and not skips(person)


def test_the_settings_page_no_longer_changes_it(signed_in, administrator):
    person = make_person()
    client = signed_in(administrator)
    url = reverse("customer-edit-settings", args=[person.pk])
    form = client.get(url).context["form"]
    assert "skip_transfer_pre_approval" not in form.fields
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data.update({"skip_transfer_pre_approval": "on", "language": "en", "default_currency": "EUR"})
    assert client.post(url, data).status_code == 302
    assert not skips(person)


def test_support_agents_and_compliance_officers_may_not_skip_it(signed_in, support_agent, compliance_officer):
    person = make_person()
    for user in (support_agent, compliance_officer):
        client = sign_in(Client(), user)
        assert client.get(reverse("customer-pre-approval-skip", args=[person.pk])).status_code == 403
        assert "Skip it…" not in page_text(client.get(reverse("customer-tab", args=[person.pk, "profile"])))


def test_requiring_is_offered_once_skipped(administrator):
    person = make_person()
    skip_transfer_pre_approval(actor=ROBOT, customer=person, reason="Treasury.")
    client = sign_in(Client(), administrator)
    skip = client.get(reverse("customer-pre-approval-skip", args=[person.pk]), follow=True)
    assert "Transfers already skip the pre-approval." in page_text(skip)
    require_transfer_pre_approval(actor=ROBOT, customer=person, reason="Closed.")
    assert not skips(person)
