"""The payment systems' endpoint: the API key, the nine decisions (or one), the audit entry per
call, and nothing confidential in the answer."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from backoffice.models import AuditEntry
from compliance.models import ClientSystem
from compliance.services.client_systems import issue_key
from compliance.services.restrictions import freeze_assets
from tests.customers.factories import ROBOT, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return issue_key(actor=ROBOT, name="card-processor")[1]


def ask(client, customer_pk, key=None, **params):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(reverse("api-customer-operations", args=[customer_pk]), params, headers=headers)


def test_a_key_is_required(client, key):
    person = make_person()
    assert ask(client, person.pk).status_code == 401
    assert ask(client, person.pk, "bo_not-the-key").status_code == 401
    ClientSystem.objects.update(is_active=False)
    assert ask(client, person.pk, key).status_code == 401
    assert not AuditEntry.objects.filter(action="compliance.operations.queried").exists()


def test_the_nine_decisions_and_the_audit_entry(client, key):
    person = make_person()
    response = ask(client, person.pk, key)
    assert response.status_code == 200
    body = response.json()
    assert body["customerId"] == person.pk and len(body["operations"]) == 9
    card = body["operations"][0]
    assert card["operation"] == "card_transaction" and card["direction"] == "payout" and card["allowed"] is False
    entry = AuditEntry.objects.get(action="compliance.operations.queried")
    assert entry.actor_label == "system:client:card-processor" and entry.customer_id == person.pk


def test_one_operation_and_bad_input(client, key):
    person = make_person()
    one = ask(client, person.pk, key, operation="sct_received").json()["operations"]
    assert [d["operation"] for d in one] == ["sct_received"]
    assert ask(client, person.pk, key, operation="teleport").status_code == 400
    assert ask(client, 999_999, key).status_code == 404


def test_a_frozen_customer_is_refused_without_saying_why(client, key):
    person = make_person()
    freeze_assets(actor=ROBOT, customer=person, comment="Court order canary-API")
    text = json.dumps(ask(client, person.pk, key, operation="sct_emitted").json())
    assert '"allowed": false' in text
    assert "frozen" not in text.lower() and "freeze" not in text.lower() and "canary" not in text


def test_the_command_prints_the_key_once(capsys):
    call_command("issue_client_key", "ledger")
    printed = capsys.readouterr().out
    key = printed.strip().splitlines()[-1]
    system = ClientSystem.objects.get(name="ledger")
    assert key.startswith("bo_") and system.key_hash != key and key not in system.key_hash


def redeem(client, body, key=None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post(reverse("api-password-reset-redeem"), body, content_type="application/json", headers=headers)


def test_the_customer_interface_redeems_a_reset_link_once(client, key, support_agent, settings):
    """The token of the emailed link, handed over by the customer-facing interface (with its key,
    from a browser-less call: no CSRF token), names the customer once; then it is spent."""
    import re

    from django.core import mail
    from django.db import transaction

    from customers.services import password_resets

    person = make_person(email="reader@example.test")
    settings.CUSTOMER_PASSWORD_RESET_URL = "https://app.example.test/reset"
    with transaction.atomic():
        reset = password_resets.request_password_reset(
            actor=support_agent, customer=person, confirmed_email="reader@example.test"
        )
    password_resets.deliver_password_reset(reset.pk)
    token = re.search(r"https://app\.example\.test/reset\?token=([\w-]+)", mail.outbox[0].body).group(1)

    assert redeem(client, {"token": token}).status_code == 401  # no key: the token is not spent
    assert redeem(client, {"token": token}, key).status_code == 403  # a payment system's key
    key = issue_key(actor=ROBOT, name="customer-app")[1]
    client.enforce_csrf_checks = True
    answer = redeem(client, {"token": token}, key)
    assert answer.status_code == 200
    assert answer.json() == {"customerId": person.pk, "publicId": person.public_id, "email": "reader@example.test"}
    again = redeem(client, {"token": token}, key)
    assert again.status_code == 400 and again.json() == {
        "error": "This link is invalid or has expired. Ask for a new one."
    }
    assert redeem(client, "not json", key).status_code == 400
    entry = AuditEntry.objects.get(action="customers.password_reset.used")
    assert entry.actor_label == "system:client:customer-app" and entry.customer_id == person.pk
