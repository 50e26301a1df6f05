"""The restriction services: each transition and its refusals, the mandatory reason, the
confidential audit entry, the user.update event written with the change, and sixteen
simultaneous freeze requests making one change."""

import threading

import pytest
from django.db import connection

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from compliance.models import OutboxEvent
from compliance.services import restrictions
from compliance.services.restrictions import freeze_assets, suspend
from customers.models import Customer
from tests.conftest import require_service
from tests.customers.factories import ROBOT, make_person

pytestmark = pytest.mark.django_db


VERBS = {
    "suspend": restrictions.suspend,
    "block": restrictions.block,
    "reactivate": restrictions.reactivate,
    "freeze": restrictions.freeze_assets,
    "unfreeze": restrictions.lift_asset_freeze,
    "legal_freeze": restrictions.set_legal_freeze,
    "lift_legal_freeze": restrictions.lift_legal_freeze,
}


def change_state(*, command, **arguments):
    return VERBS[command](**arguments)


change_freeze = change_state


def reload(customer):
    return Customer.objects.get(pk=customer.pk)


@pytest.mark.parametrize(
    ("path", "states"),
    [
        (["suspend", "reactivate"], ["suspended", "active"]),
        (["block", "reactivate"], ["blocked", "active"]),
        (["suspend", "block", "reactivate"], ["suspended", "blocked", "active"]),
    ],
)
def test_state_transitions(path, states):
    person = make_person()
    for command, state in zip(path, states, strict=True):
        change_state(actor=ROBOT, customer=person, command=command, reason=f"Because {command}.")
        person = reload(person)
        assert person.state == state
        assert person.state_reason == ("" if state == "active" else f"Because {command}.")


@pytest.mark.parametrize(
    ("setup", "command", "message"),
    [
        ([], "reactivate", "Not possible while the customer is active."),
        (["suspend"], "suspend", "Not possible while the customer is suspended."),
        (["block"], "suspend", "Not possible while the customer is blocked."),
        (["block"], "block", "Not possible while the customer is blocked."),
    ],
)
def test_state_refusals(setup, command, message):
    person = make_person()
    for step in setup:
        change_state(actor=ROBOT, customer=person, command=step, reason="x")
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match=message):
        change_state(actor=ROBOT, customer=person, command=command, reason="y")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("command", ["suspend", "block"])
def test_a_state_change_needs_its_reason(command):
    person = make_person()
    with pytest.raises(DomainError, match="the state reason is required"):
        change_state(actor=ROBOT, customer=person, command=command, reason="  ")
    assert reload(person).state == "active"


@pytest.mark.parametrize(
    ("set_command", "lift_command", "flag", "payload_key"),
    [
        ("freeze", "unfreeze", "is_frozen", "isFreezed"),
        ("legal_freeze", "lift_legal_freeze", "is_legal_frozen", "IsLegalFrozen"),
    ],
)
def test_freezes_are_set_and_lifted_with_a_comment_and_an_event(set_command, lift_command, flag, payload_key):
    person = make_person()
    with pytest.raises(DomainError, match="the comment is required"):
        change_freeze(actor=ROBOT, customer=person, command=set_command, comment="")
    with pytest.raises(DomainError, match="not"):
        change_freeze(actor=ROBOT, customer=person, command=lift_command, comment="Nothing to lift.")
    change_freeze(actor=ROBOT, customer=person, command=set_command, comment="Court order 2026-118.")
    assert getattr(reload(person), flag) is True
    with pytest.raises(DomainError, match="already"):
        change_freeze(actor=ROBOT, customer=person, command=set_command, comment="Again.")
    change_freeze(actor=ROBOT, customer=person, command=lift_command, comment="Order lifted.")
    assert getattr(reload(person), flag) is False
    entries = list(AuditEntry.objects.filter(customer_id=person.pk, action__startswith="compliance.").order_by("id"))
    assert [(e.confidential, e.reason, e.changes[flag]) for e in entries] == [
        (True, "Court order 2026-118.", [False, True]),
        (True, "Order lifted.", [True, False]),
    ]
    events = [e.payload["object_payload"]["users"][0] for e in OutboxEvent.objects.order_by("id")]
    assert [e[payload_key] for e in events] == [1, 0]  # seed 004: "valued to 1"
    if payload_key == "isFreezed":
        assert [e["isFrozen"] for e in events] == [1, 0], "the User object's name for the same flag"
    assert {tuple(sorted(e)) for e in events} == {
        ("IsLegalFrozen", "isFreezed", "isFrozen", "kycLevel", "kycReview", "state", "userId", "userStatus")
    }


def test_a_state_change_masks_its_reason_in_the_audit_and_emits_an_event():
    person = make_person()
    suspend(actor=ROBOT, customer=person, reason="Unusual activity, case 77.")
    entry = AuditEntry.objects.get(action="compliance.state.suspended")
    assert not entry.confidential and set(entry.confidential_fields) == {"state_reason", "reason"}
    assert OutboxEvent.objects.get().payload["object_payload"]["users"][0]["state"] == "suspended"


def test_a_deactivated_customer_is_not_restricted_further():
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(status="CANCELED")
    with pytest.raises(DomainError, match="deactivated"):
        freeze_assets(actor=ROBOT, customer=person, comment="x")


def test_sixteen_simultaneous_freezes_make_one_change(committed_db, make_staff):
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    person = make_person()
    officers = [make_staff(f"officer{n}", "Compliance officer") for n in range(16)]
    barrier, outcomes = threading.Barrier(16), []

    def freeze(officer):
        barrier.wait()
        try:
            freeze_assets(actor=officer, customer=person, comment=f"By {officer.username}.")
            outcomes.append("changed")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=freeze, args=(officer,)) for officer in officers]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    assert outcomes.count("changed") == 1
    assert outcomes.count("The customer's assets are frozen already.") == 15
    assert AuditEntry.objects.filter(customer_id=person.pk, action="compliance.freeze.set").count() == 1
    assert OutboxEvent.objects.filter(customer_id=person.pk).count() == 1


def test_a_suspended_customers_phone_for_the_second_factor_does_not_change():
    from customers import services
    from customers.services.contacts import Contacts

    person = make_person(phone="+33612345678")
    suspend(actor=ROBOT, customer=person, reason="Unusual activity.")
    email = person.primary_email
    with pytest.raises(DomainError, match="cannot change until they are reactivated"):
        services.update_contacts(
            actor=ROBOT, customer=person, version=None, contacts=Contacts(emails=[email], phones=["+33698765432"])
        )
    services.update_contacts(  # another email is fine
        actor=ROBOT,
        customer=person,
        version=None,
        contacts=Contacts(emails=[email, "other@example.test"], phones=["+33612345678"]),
    )
    assert reload(person).primary_phone == "+33612345678"
