"""Card commands (T cards, S cards): the happy path, the refusal for the wrong status, the audit entry."""

import pytest

from customers import services
from customers.choices import (
    AccountKind,
    AccountStatus,
    CardKind,
    CardStatus,
)
from customers.services.cards import CARD_TRANSITIONS
from tests.customers.commands import close_customer, only_entry, refused
from tests.customers.factories import make_person
from tests.customers.holdings import make_account, make_card

pytestmark = pytest.mark.django_db

ALL_CARD_STATUSES = [status.value for status in CardStatus]

# --- cards: issue -----------------------------------------------------------------------------


def test_a_virtual_card_is_active_at_once_and_audited(person, account, support_agent):
    card = services.issue_card(
        actor=support_agent, customer=person, account=account, kind=CardKind.VIRTUAL, embossed_name="Zoe Dupont"
    )
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE and card.activated_at is not None
    assert card.customer == person and card.account == account and card.issued_by == support_agent
    assert card.embossed_name == "ZOE DUPONT"
    assert card.masked_pan.startswith("5350 43•• •••• ") and len(card.masked_pan) == 19
    assert card.replaces is None
    entry = only_entry("customers.card.issued")
    assert entry.actor == support_agent and entry.actor_label == support_agent.username
    assert entry.customer_id == person.pk
    assert (entry.target_type, entry.target_id) == ("customers.card", str(card.pk))
    assert entry.changes == {
        "kind": [None, "virtual"],
        "account": [None, account.number],
        "status": [None, "active"],
    }


def test_a_physical_card_waits_for_its_activation(person, account, support_agent):
    card = services.issue_card(
        actor=support_agent, customer=person, account=account, kind=CardKind.PHYSICAL, embossed_name="ZOE DUPONT"
    )
    card.refresh_from_db()
    assert card.status == CardStatus.INACTIVE and card.activated_at is None
    assert only_entry("customers.card.issued").changes["status"] == [None, "inactive"]


def test_a_vault_has_no_card(person, support_agent):
    make_account(person, primary=True)
    vault = make_account(person, kind=AccountKind.VAULT, primary=False, name="Savings")
    error = refused(
        services.issue_card,
        actor=support_agent,
        customer=person,
        account=vault,
        kind=CardKind.VIRTUAL,
        embossed_name="ZOE",
    )
    assert error.field == "account"
    assert error.message == "A vault account has no cards: choose a current account or a wallet."


def test_a_card_is_issued_on_the_customers_own_account_only(person, support_agent):
    someone_else = make_person("Other", "Person")
    their_account = make_account(someone_else)
    error = refused(
        services.issue_card,
        actor=support_agent,
        customer=person,
        account=their_account,
        kind=CardKind.VIRTUAL,
        embossed_name="ZOE",
    )
    assert error.field == "account" and error.message == "Choose one of this customer's own accounts."


@pytest.mark.parametrize("status", [AccountStatus.BLOCKED, AccountStatus.CLOSED])
def test_a_card_is_issued_on_an_active_account_only(person, support_agent, status):
    account = make_account(person, status=status)
    error = refused(
        services.issue_card,
        actor=support_agent,
        customer=person,
        account=account,
        kind=CardKind.PHYSICAL,
        embossed_name="ZOE",
    )
    assert (
        error.field == "account" and error.message == f"This account is {status.label.lower()}: choose an active one."
    )


def test_a_canceled_customer_gets_no_new_card(person, account, support_agent):
    close_customer(person)
    error = refused(
        services.issue_card,
        actor=support_agent,
        customer=person,
        account=account,
        kind=CardKind.VIRTUAL,
        embossed_name="ZOE",
    )
    assert error.message == "This customer is deactivated: issuing a card is no longer possible."


# --- cards: activate, lock, unlock ---------------------------------------------------------------


def test_activating_a_card(person, account, support_agent):
    card = make_card(person, account, status=CardStatus.INACTIVE)
    services.activate_card(actor=support_agent, card=card)
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE and card.activated_at is not None
    entry = only_entry("customers.card.activated")
    assert entry.actor == support_agent and entry.customer_id == person.pk and entry.target_id == str(card.pk)
    assert entry.changes == {"status": ["inactive", "active"]}


@pytest.mark.parametrize("status", [s for s in ALL_CARD_STATUSES if s != CardStatus.INACTIVE])
def test_only_a_card_never_activated_can_be_activated(person, account, support_agent, status):
    card = make_card(person, account, status=status)
    error = refused(services.activate_card, unchanged=[card], actor=support_agent, card=card)
    label = CardStatus(status).label.lower()
    assert error.message == f"Only a card that was never activated can be activated; this one is {label}."


@pytest.mark.parametrize(
    "status", [CardStatus.LOCKED, CardStatus.LOST, CardStatus.STOLEN, CardStatus.DESTROYED], ids=str
)
def test_locking_a_card_for_a_while_or_for_good(person, account, compliance_officer, status):
    card = make_card(person, account, status=CardStatus.ACTIVE)
    services.lock_card(actor=compliance_officer, card=card, status=status, reason="  Customer called  ")
    card.refresh_from_db()
    assert card.status == status and card.status_reason == "Customer called"
    entry = only_entry("customers.card.locked")
    assert entry.actor == compliance_officer and entry.customer_id == person.pk
    assert entry.changes == {"status": ["active", status.value]}
    assert entry.reason.strip() == "Customer called"


def test_a_temporarily_locked_card_can_still_be_reported_lost(person, account, support_agent):
    card = make_card(person, account, status=CardStatus.LOCKED, status_reason="Misplaced")
    services.lock_card(actor=support_agent, card=card, status=CardStatus.LOST, reason="Not found after all")
    card.refresh_from_db()
    assert card.status == CardStatus.LOST
    assert only_entry("customers.card.locked").changes == {"status": ["locked", "lost"]}


@pytest.mark.parametrize(
    "status",
    [CardStatus.LOST, CardStatus.STOLEN, CardStatus.DESTROYED, CardStatus.EXPIRED, CardStatus.REPLACED],
    ids=str,
)
def test_a_card_out_of_use_cannot_be_locked(person, account, support_agent, status):
    card = make_card(person, account, status=status)
    error = refused(
        services.lock_card, unchanged=[card], actor=support_agent, card=card, status=CardStatus.LOCKED, reason="x"
    )
    assert error.message == f"This card is {status.label.lower()}: it cannot be locked. Reissue it instead."


def test_a_locked_card_is_not_locked_twice(person, account, support_agent):
    card = make_card(person, account, status=CardStatus.LOCKED)
    error = refused(
        services.lock_card, unchanged=[card], actor=support_agent, card=card, status=CardStatus.LOCKED, reason="x"
    )
    assert error.field == "status" and error.message == "This card is locked already."


@pytest.mark.parametrize(
    ("status", "reason", "field"),
    [("active", "Lost", "status"), ("replaced", "Lost", "status"), ("locked", "   ", "reason")],
)
def test_locking_needs_a_lock_status_and_a_reason(person, account, support_agent, status, reason, field):
    card = make_card(person, account, status=CardStatus.ACTIVE)
    error = refused(services.lock_card, unchanged=[card], actor=support_agent, card=card, status=status, reason=reason)
    assert error.field == field


def test_unlocking_a_temporarily_locked_card(person, account, administrator):
    card = make_card(person, account, status=CardStatus.LOCKED, status_reason="Misplaced")
    services.unlock_card(actor=administrator, card=card, reason="Found it")
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE and card.status_reason == ""
    entry = only_entry("customers.card.unlocked")
    assert entry.actor == administrator and entry.customer_id == person.pk and entry.reason == "Found it"
    assert entry.changes == {"status": ["locked", "active"]}


@pytest.mark.parametrize(
    "status",
    [CardStatus.LOST, CardStatus.STOLEN, CardStatus.DESTROYED, CardStatus.ACTIVE, CardStatus.INACTIVE],
    ids=str,
)
def test_only_a_temporary_lock_can_be_undone(person, account, support_agent, status):
    card = make_card(person, account, status=status, status_reason="Reported by phone")
    error = refused(services.unlock_card, unchanged=[card], actor=support_agent, card=card, reason="")
    assert error.message == f"Only a temporarily locked card can be unlocked; this one is {status.label.lower()}."


def test_a_card_not_activated_yet_is_reported_lost_not_locked_for_a_while(person, account, support_agent):
    """Unlocking leads to Active: a temporary lock before activation would skip the activation."""
    card = make_card(person, account, status=CardStatus.INACTIVE)
    error = refused(
        services.lock_card, unchanged=[card], actor=support_agent, card=card, status=CardStatus.LOCKED, reason="x"
    )
    assert error.field == "status" and "Report it lost, stolen or destroyed" in error.message
    services.lock_card(actor=support_agent, card=card, status=CardStatus.LOST, reason="Never arrived")
    card.refresh_from_db()
    assert card.status == CardStatus.LOST


# --- cards: reissue ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [CardStatus.INACTIVE, CardStatus.ACTIVE, CardStatus.LOCKED, CardStatus.EXPIRED], ids=str
)
def test_a_reissue_retires_a_usable_card_as_replaced(person, account, support_agent, status):
    old = make_card(person, account, status=status, kind=CardKind.PHYSICAL)
    new = services.reissue_card(actor=support_agent, card=old, reason="Chip damaged")
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == CardStatus.REPLACED and old.status_reason == "Chip damaged"
    assert new.replaces == old and old.replaced_by == new
    assert (new.account, new.customer, new.kind, new.embossed_name) == (account, person, old.kind, old.embossed_name)
    assert new.status == CardStatus.INACTIVE and new.activated_at is None and new.issued_by == support_agent
    assert new.masked_pan.startswith("5350 43•• •••• ")
    entry = only_entry("customers.card.reissued")
    assert entry.actor == support_agent and entry.customer_id == person.pk and entry.target_id == str(old.pk)
    assert entry.changes == {"status": [status.value, "replaced"], "new_card": [None, new.masked_pan]}
    assert entry.reason == "Chip damaged"


def test_a_reissued_virtual_card_is_active_at_once(person, account, support_agent):
    old = make_card(person, account, kind=CardKind.VIRTUAL)
    new = services.reissue_card(actor=support_agent, card=old, reason="Leaked online")
    assert new.kind == CardKind.VIRTUAL and new.status == CardStatus.ACTIVE and new.activated_at is not None


@pytest.mark.parametrize("status", [CardStatus.LOST, CardStatus.STOLEN, CardStatus.DESTROYED], ids=str)
def test_a_card_reported_lost_keeps_saying_so_after_its_reissue(person, account, support_agent, status):
    old = make_card(person, account, status=status, status_reason="Reported by phone")
    new = services.reissue_card(actor=support_agent, card=old, reason="Replacement")
    old.refresh_from_db()
    assert old.status == status and old.status_reason == "Reported by phone"
    assert new.replaces == old
    assert "status" not in only_entry("customers.card.reissued").changes  # nothing changed on it


def test_a_card_is_reissued_once(person, account, support_agent):
    lost = make_card(person, account, status=CardStatus.LOST)
    services.reissue_card(actor=support_agent, card=lost, reason="Replacement")
    error = refused(services.reissue_card, unchanged=[lost], actor=support_agent, card=lost, reason="Again")
    assert error.message == "This card has been reissued already."
    replaced = make_card(person, account, status=CardStatus.REPLACED)
    error = refused(services.reissue_card, unchanged=[replaced], actor=support_agent, card=replaced, reason="x")
    assert error.message == "This card is replaced: it has been reissued already."


def test_a_canceled_customers_card_is_not_reissued(person, account, support_agent):
    card = make_card(person, account)
    close_customer(person)
    error = refused(services.reissue_card, unchanged=[card], actor=support_agent, card=card, reason="x")
    assert error.message == "This customer is deactivated: reissuing a card is no longer possible."


def test_a_card_on_a_closed_account_is_not_reissued_onto_it(person, support_agent):
    closed = make_account(person, status=AccountStatus.CLOSED)
    card = make_card(person, closed, status=CardStatus.LOST)
    error = refused(services.reissue_card, unchanged=[card], actor=support_agent, card=card, reason="Replacement")
    assert error.message == "The card's account is closed: issue a new card on an open account instead."


@pytest.mark.parametrize(
    ("status", "commands"),
    [
        (CardStatus.INACTIVE, ["activate", "lock", "reissue"]),
        (CardStatus.ACTIVE, ["lock", "reissue"]),
        (CardStatus.LOCKED, ["lock", "unlock", "reissue"]),
        (CardStatus.LOST, ["reissue"]),
        (CardStatus.STOLEN, ["reissue"]),
        (CardStatus.DESTROYED, ["reissue"]),
        (CardStatus.EXPIRED, ["reissue"]),
        (CardStatus.REPLACED, []),
    ],
    ids=str,
)
def test_card_commands_follow_the_status(person, account, status, commands):
    card = make_card(person, account, status=status)
    assert [command for command, _ in services.card_commands(card)] == commands
    assert set(CARD_TRANSITIONS) >= set(commands)
