"""Beneficiaries and staff notes: linking, status changes, confidentiality, the audit entry."""

import pytest

from customers import services
from customers.choices import (
    BeneficiaryStatus,
    NoteVisibility,
)
from tests.customers.commands import close_customer, only_entry, refused
from tests.customers.factories import make_person
from tests.customers.holdings import IBANS, make_beneficiary, make_note

pytestmark = pytest.mark.django_db


# --- beneficiaries ---------------------------------------------------------------------------------


def test_linking_a_beneficiary_stores_the_iban_compact_and_keeps_it_confidential(person, support_agent):
    beneficiary = services.link_beneficiary(
        actor=support_agent,
        customer=person,
        name="  Jean Valjean ",
        iban="fr76 3000 6000 0112 3456 7890 189",
        bic="agrifrpp",
        nickname=" Landlord ",
    )
    beneficiary.refresh_from_db()
    assert beneficiary.iban == "FR7630006000011234567890189"
    assert beneficiary.bic == "AGRIFRPP"
    assert (beneficiary.name, beneficiary.nickname) == ("Jean Valjean", "Landlord")
    assert beneficiary.status == BeneficiaryStatus.ACTIVATED and beneficiary.linked_by == support_agent
    entry = only_entry("customers.beneficiary.linked")
    assert entry.actor == support_agent and entry.customer_id == person.pk
    assert (entry.target_type, entry.target_id) == ("customers.beneficiary", str(beneficiary.pk))
    assert entry.changes == {
        "name": [None, "Jean Valjean"],
        "iban": [None, "FR7630006000011234567890189"],
        "bic": [None, "AGRIFRPP"],
    }
    assert entry.confidential_fields == ["iban"] and not entry.confidential


@pytest.mark.parametrize(
    ("iban", "fault"),
    [
        ("FR7630006000011234567890188", "its check digits do not match: a character is probably mistyped"),
        ("XX7630006000011234567890189", "it must start with a country code, e.g. FR or DE"),
        ("FR76300060000112345678901", "it has the wrong number of characters for its country"),
        ("not an iban", "check it against the customer's bank details"),
    ],
)
def test_an_invalid_iban_is_refused_with_its_fault(person, support_agent, iban, fault):
    error = refused(services.link_beneficiary, actor=support_agent, customer=person, name="Jean", iban=iban)
    assert error.field == "iban"
    assert error.message.startswith("This IBAN is not valid: ") and fault in error.message


def test_an_invalid_bic_is_refused(person, support_agent):
    error = refused(
        services.link_beneficiary, actor=support_agent, customer=person, name="Jean", iban=IBANS[0], bic="NOPE"
    )
    assert error.field == "bic" and error.message.startswith("This BIC is not valid: ")


def test_a_beneficiary_needs_a_holder_name(person, support_agent):
    error = refused(services.link_beneficiary, actor=support_agent, customer=person, name="  ", iban=IBANS[0])
    assert error.field == "name"


def test_the_same_iban_is_linked_once_per_customer(person, support_agent):
    make_beneficiary(person, iban=IBANS[0])
    error = refused(
        services.link_beneficiary,
        actor=support_agent,
        customer=person,
        name="Jean",
        iban="FR76 3000 6000 0112 3456 7890 189",
    )
    assert error.field == "iban" and error.message == "This account is linked to the customer already."
    other = make_person("Other", "Customer")
    assert services.link_beneficiary(actor=support_agent, customer=other, name="Jean", iban=IBANS[0]).pk


def test_a_canceled_customer_links_no_beneficiary(person, support_agent):
    close_customer(person)
    error = refused(services.link_beneficiary, actor=support_agent, customer=person, name="Jean", iban=IBANS[0])
    assert error.message == "This customer is deactivated: linking an external account is no longer possible."


def test_deactivating_and_reactivating_a_beneficiary(person, support_agent):
    beneficiary = make_beneficiary(person)
    services.deactivate_beneficiary(actor=support_agent, beneficiary=beneficiary, reason="Fraud report")
    beneficiary.refresh_from_db()
    assert beneficiary.status == BeneficiaryStatus.DEACTIVATED
    entry = only_entry("customers.beneficiary.deactivated")
    assert entry.actor == support_agent and entry.customer_id == person.pk and entry.reason == "Fraud report"
    assert entry.changes == {"status": ["activated", "deactivated"]}
    error = refused(
        services.deactivate_beneficiary, unchanged=[beneficiary], actor=support_agent, beneficiary=beneficiary
    )
    assert error.message == "This beneficiary is deactivated already."

    services.reactivate_beneficiary(actor=support_agent, beneficiary=beneficiary, reason="Cleared")
    beneficiary.refresh_from_db()
    assert beneficiary.status == BeneficiaryStatus.ACTIVATED
    assert only_entry("customers.beneficiary.reactivated").changes == {"status": ["deactivated", "activated"]}
    error = refused(
        services.reactivate_beneficiary, unchanged=[beneficiary], actor=support_agent, beneficiary=beneficiary
    )
    assert error.message == "This beneficiary is activated already."


# --- notes -----------------------------------------------------------------------------------------


def test_a_note_for_everyone(person, support_agent):
    note = services.add_note(
        actor=support_agent, customer=person, body="  Called about a card payment. ", visibility="everyone"
    )
    note.refresh_from_db()
    assert note.body == "Called about a card payment." and note.author == support_agent and not note.is_pinned
    entry = only_entry("customers.note.added")
    assert entry.actor == support_agent and entry.customer_id == person.pk and entry.target_id == str(note.pk)
    assert entry.changes == {
        "body": [None, "Called about a card payment."],
        "visibility": [None, "everyone"],
        "pinned": [None, False],
    }
    assert not entry.confidential


def test_a_support_agent_writes_no_compliance_only_note(person, support_agent):
    error = refused(services.add_note, actor=support_agent, customer=person, body="Suspicious", visibility="compliance")
    assert error.field == "visibility"
    assert error.message == "Only compliance officers and administrators write compliance-only notes."


@pytest.mark.parametrize("role", ["compliance_officer", "administrator"])
def test_a_compliance_only_note_is_confidential_in_the_history(request, person, role):
    author = request.getfixturevalue(role)
    note = services.add_note(
        actor=author, customer=person, body="SAR filed", visibility=NoteVisibility.COMPLIANCE, pinned=True
    )
    assert note.is_confidential and note.is_pinned
    entry = only_entry("customers.note.added")
    assert entry.confidential and entry.actor == author
    assert entry.changes["pinned"] == [None, True]


def test_a_note_is_not_empty(person, support_agent):
    error = refused(services.add_note, actor=support_agent, customer=person, body="  \n ", visibility="everyone")
    assert error.field == "body" and error.message == "Write the note."


def test_pinning_and_unpinning_a_note(person, support_agent):
    note = make_note(person, support_agent)
    services.pin_note(actor=support_agent, note=note)
    note.refresh_from_db()
    assert note.is_pinned
    entry = only_entry("customers.note.pinned")
    assert entry.actor == support_agent and entry.customer_id == person.pk and entry.target_id == str(note.pk)
    assert entry.changes == {"pinned": [False, True]} and not entry.confidential
    error = refused(services.pin_note, unchanged=[note], actor=support_agent, note=note)
    assert error.message == "This note is pinned already."

    services.unpin_note(actor=support_agent, note=note)
    note.refresh_from_db()
    assert not note.is_pinned
    assert only_entry("customers.note.unpinned").changes == {"pinned": [True, False]}
    error = refused(services.unpin_note, unchanged=[note], actor=support_agent, note=note)
    assert error.message == "This note is not pinned."


def test_a_compliance_only_note_is_pinned_by_compliance_only(person, support_agent, compliance_officer):
    note = make_note(person, compliance_officer, body="SAR filed", visibility=NoteVisibility.COMPLIANCE)
    error = refused(services.pin_note, unchanged=[note], actor=support_agent, note=note)
    assert error.message == "Only compliance officers and administrators handle compliance-only notes."
    services.pin_note(actor=compliance_officer, note=note)
    assert only_entry("customers.note.pinned").confidential
