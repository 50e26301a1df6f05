"""Skipping the transfer pre-approval (C) weakens a control: administrators change it with a
reason, kept in the audit log; without one nothing is saved and the message is next to the field."""

import pytest
from django.db import transaction
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers import services
from customers.models import Customer
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_the_flag_needs_a_reason():
    person = make_person()
    with pytest.raises(DomainError, match="reason is required"), transaction.atomic():
        services.update_settings(actor=ROBOT, customer=person, version=None, skip_transfer_pre_approval=True)
    assert not Customer.objects.get(pk=person.pk).skip_transfer_pre_approval
    with transaction.atomic():
        services.update_settings(
            actor=ROBOT,
            customer=person,
            version=None,
            skip_transfer_pre_approval=True,
            pre_approval_reason="Trusted corporate treasury, ticket 4411.",
        )
    assert Customer.objects.get(pk=person.pk).skip_transfer_pre_approval
    entry = AuditEntry.objects.get(action="customers.settings.updated", customer_id=person.pk)
    assert entry.changes["skip_transfer_pre_approval"] == [False, True]
    assert entry.reason == "Trusted corporate treasury, ticket 4411."


def test_the_settings_page_shows_the_message_next_to_the_field(signed_in, administrator):
    person = make_person()
    client = signed_in(administrator)
    url = reverse("customer-edit-settings", args=[person.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data.update({"skip_transfer_pre_approval": "on", "language": "en", "default_currency": "EUR"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Say why the transfer pre-approval changes: the reason is required." in page_text(response)
    assert not Customer.objects.get(pk=person.pk).skip_transfer_pre_approval
