"""The commands on what a customer holds (cards, SCA devices, beneficiaries, notes): what each one
saves, what it refuses (and then changes nothing and writes nothing to the audit log), and the
audit entry it writes."""

import pytest

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers import services
from customers.choices import (
    AccountKind,
    AccountStatus,
    BeneficiaryStatus,
    CardKind,
    CardStatus,
    NoteVisibility,
    ScaDeviceKind,
    ScaDeviceStatus,
    ScaLockReason,
    Status,
)
from customers.models import Beneficiary, Card, Customer, Note, ScaDevice
from customers.services.cards import CARD_TRANSITIONS
from customers.services.sca import SCA_PERMISSIONS
from tests.customers.factories import make_person
from tests.customers.holdings import IBANS, make_account, make_beneficiary, make_card, make_device, make_note

pytestmark = pytest.mark.django_db

ALL_CARD_STATUSES = [status.value for status in CardStatus]


@pytest.fixture
def person():
    return make_person("Zoë", "Dupont")


@pytest.fixture
def account(person):
    return make_account(person)


def row(instance) -> dict:
    """The instance's row as the database holds it now."""
    return type(instance).objects.filter(pk=instance.pk).values().get()


def only_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def refused(service, *, unchanged=(), **kwargs) -> DomainError:
    """Call ``service``, expect a ``DomainError``; the rows of ``unchanged``, the number of cards,
    beneficiaries, notes and audit entries must be what they were."""
    rows = [row(instance) for instance in unchanged]
    counts = [model.objects.count() for model in (AuditEntry, Card, Beneficiary, Note, ScaDevice)]
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert [row(instance) for instance in unchanged] == rows
    assert [model.objects.count() for model in (AuditEntry, Card, Beneficiary, Note, ScaDevice)] == counts
    return error.value


def close_customer(customer):
    Customer.objects.filter(pk=customer.pk).update(status=Status.CANCELED)
    customer.refresh_from_db()
    return customer


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
    assert error.message == "This customer is canceled: issuing a card is no longer possible."


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
    assert error.message == "This customer is canceled: reissuing a card is no longer possible."


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
    assert services.card_commands(card) == commands
    assert set(CARD_TRANSITIONS) >= set(commands)


# --- SCA devices ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [ScaDeviceStatus.ACTIVE, ScaDeviceStatus.PASSCODE_MISSING], ids=str)
def test_securing_a_device_locks_it_with_a_reason_and_a_message(person, support_agent, status):
    device = make_device(person, status=status)
    services.secure_sca_device(
        actor=support_agent, device=device, reason=ScaLockReason.LOST_DEVICE, message="  Left in a taxi "
    )
    device.refresh_from_db()
    assert device.status == ScaDeviceStatus.LOCKED
    assert device.status_before_lock == status
    assert device.lock_reason == ScaLockReason.LOST_DEVICE and device.lock_message == "Left in a taxi"
    assert device.locked_at is not None
    entry = only_entry("customers.sca_device.secured")
    assert entry.actor == support_agent and entry.customer_id == person.pk
    assert (entry.target_type, entry.target_id) == ("customers.scadevice", str(device.pk))
    assert entry.changes == {
        "status": [status.value, "locked"],
        "lock_reason": [None, "lost_device"],
        "lock_message": [None, "Left in a taxi"],
    }
    assert entry.reason == "Device lost"


def test_a_locked_device_is_not_secured_again(person, support_agent):
    device = make_device(person, status=ScaDeviceStatus.LOCKED)
    error = refused(
        services.secure_sca_device,
        unchanged=[device],
        actor=support_agent,
        device=device,
        reason=ScaLockReason.FRAUD_SUSPICION,
    )
    assert error.message == "This device is locked already."


@pytest.mark.parametrize("reason", ["", "because", "locked"])
def test_securing_needs_one_of_the_reasons(person, support_agent, reason):
    device = make_device(person)
    error = refused(services.secure_sca_device, unchanged=[device], actor=support_agent, device=device, reason=reason)
    assert error.field == "reason" and error.message == "Choose why the device is secured."


@pytest.mark.parametrize("before", [ScaDeviceStatus.ACTIVE, ScaDeviceStatus.PASSCODE_MISSING], ids=str)
def test_unlocking_restores_the_status_the_device_had_before_its_lock(person, support_agent, before):
    device = make_device(person, status=before)
    services.secure_sca_device(actor=support_agent, device=device, reason=ScaLockReason.CUSTOMER_REQUEST)
    services.unlock_sca_device(actor=support_agent, device=device, identity_checked=True)
    device.refresh_from_db()
    assert device.status == before
    assert (device.lock_reason, device.lock_message, device.status_before_lock, device.locked_at) == ("", "", "", None)
    entry = only_entry("customers.sca_device.unlocked")
    assert entry.actor == support_agent and entry.customer_id == person.pk and entry.target_id == str(device.pk)
    assert entry.changes == {
        "status": ["locked", before.value],
        "lock_reason": ["customer_request", ""],
        "lock_message": ["", ""],
        "identity_checked": [None, True],
    }


def test_unlocking_needs_the_identity_checked(person, support_agent):
    device = make_device(person, status=ScaDeviceStatus.LOCKED)
    error = refused(
        services.unlock_sca_device, unchanged=[device], actor=support_agent, device=device, identity_checked=False
    )
    assert error.field == "identity_checked"
    assert error.message == "Confirm that you checked the customer's identity."


@pytest.mark.parametrize("status", [ScaDeviceStatus.ACTIVE, ScaDeviceStatus.PASSCODE_MISSING], ids=str)
def test_only_a_locked_device_is_unlocked(person, support_agent, status):
    device = make_device(person, status=status)
    error = refused(
        services.unlock_sca_device, unchanged=[device], actor=support_agent, device=device, identity_checked=True
    )
    assert error.message == f"Only a locked device can be unlocked; this one is {status.label.lower()}."


def test_resetting_a_mobile_devices_pin(person, compliance_officer):
    device = make_device(person, status=ScaDeviceStatus.ACTIVE, kind=ScaDeviceKind.MOBILE)
    services.reset_sca_pin(actor=compliance_officer, device=device, identity_checked=True)
    device.refresh_from_db()
    assert device.status == ScaDeviceStatus.PASSCODE_MISSING and device.pin_reset_requested_at is not None
    entry = only_entry("customers.sca_device.pin_reset")
    assert entry.actor == compliance_officer and entry.customer_id == person.pk and entry.target_id == str(device.pk)
    assert entry.changes == {"status": ["active", "passcode_missing"], "identity_checked": [None, True]}


def test_a_web_browser_has_no_pin_to_reset(person, support_agent):
    device = make_device(person, kind=ScaDeviceKind.WEB)
    error = refused(
        services.reset_sca_pin, unchanged=[device], actor=support_agent, device=device, identity_checked=True
    )
    assert error.message == "A PIN can be reset on a mobile device only; a web browser has none."


@pytest.mark.parametrize("status", [ScaDeviceStatus.LOCKED, ScaDeviceStatus.PASSCODE_MISSING], ids=str)
def test_a_pin_is_reset_from_active_only(person, support_agent, status):
    device = make_device(person, status=status)
    error = refused(
        services.reset_sca_pin, unchanged=[device], actor=support_agent, device=device, identity_checked=True
    )
    assert error.message.startswith(f"Only an active device's PIN can be reset; this one is {status.label.lower()}.")


def test_resetting_a_pin_needs_the_identity_checked(person, support_agent):
    device = make_device(person)
    error = refused(
        services.reset_sca_pin, unchanged=[device], actor=support_agent, device=device, identity_checked=False
    )
    assert error.field == "identity_checked"


def test_deleting_a_device_keeps_it_with_who_and_when(person, compliance_officer):
    device = make_device(person, status=ScaDeviceStatus.LOCKED)
    services.delete_sca_device(actor=compliance_officer, device=device, reason="Customer changed phones")
    device.refresh_from_db()
    assert device.is_deleted and device.deleted_by == compliance_officer
    assert device.status == ScaDeviceStatus.LOCKED
    entry = only_entry("customers.sca_device.deleted")
    assert entry.actor == compliance_officer and entry.customer_id == person.pk and entry.target_id == str(device.pk)
    assert entry.changes == {"deleted": [False, True]} and entry.reason == "Customer changed phones"


def test_a_device_is_deleted_once_and_with_a_reason(person, compliance_officer):
    device = make_device(person)
    error = refused(services.delete_sca_device, unchanged=[device], actor=compliance_officer, device=device, reason=" ")
    assert error.field == "reason"
    services.delete_sca_device(actor=compliance_officer, device=device, reason="Gone")
    for service, kwargs in [
        (services.delete_sca_device, {"reason": "Again"}),
        (services.secure_sca_device, {"reason": ScaLockReason.OTHER}),
        (services.reset_sca_pin, {"identity_checked": True}),
    ]:
        error = refused(service, unchanged=[device], actor=compliance_officer, device=device, **kwargs)
        assert error.message == "This device was deleted: nothing can be done with it any more."


@pytest.mark.parametrize(
    ("kind", "status", "role", "commands"),
    [
        ("mobile", "active", "support_agent", ["reset_pin", "secure"]),
        ("mobile", "active", "compliance_officer", ["reset_pin", "secure", "delete"]),
        ("mobile", "active", "administrator", ["reset_pin", "secure", "delete"]),
        ("web", "active", "support_agent", ["secure"]),
        ("web", "active", "compliance_officer", ["secure", "delete"]),
        ("mobile", "passcode_missing", "support_agent", ["secure"]),
        ("mobile", "passcode_missing", "administrator", ["secure", "delete"]),
        ("mobile", "locked", "support_agent", ["unlock"]),
        ("web", "locked", "compliance_officer", ["unlock", "delete"]),
        ("mobile", "active", "outsider", []),
    ],
)
def test_a_devices_menu_depends_on_its_status_its_kind_and_the_role(request, person, kind, status, role, commands):
    user = request.getfixturevalue(role)
    device = make_device(person, kind=kind, status=status)
    assert services.sca_commands(device, user) == commands


@pytest.mark.parametrize("role", ["support_agent", "compliance_officer", "administrator"])
def test_a_deleted_device_offers_nothing(request, person, role):
    device = make_device(person, status=ScaDeviceStatus.LOCKED)
    services.delete_sca_device(actor=request.getfixturevalue("administrator"), device=device, reason="Gone")
    device.refresh_from_db()
    assert services.sca_commands(device, request.getfixturevalue(role)) == []


def test_reset_pin_never_shows_on_a_web_device_whatever_the_role(request, person):
    web = make_device(person, kind=ScaDeviceKind.WEB)
    for role in ("support_agent", "compliance_officer", "administrator"):
        assert "reset_pin" not in services.sca_commands(web, request.getfixturevalue(role))


def test_the_roles_hold_the_sca_permissions_the_summary_gives(support_agent, compliance_officer, administrator):
    for user in (support_agent, compliance_officer, administrator):
        assert all(user.has_perm(SCA_PERMISSIONS[command]) for command in ("reset_pin", "secure", "unlock"))
    assert not support_agent.has_perm(SCA_PERMISSIONS["delete"])
    assert compliance_officer.has_perm(SCA_PERMISSIONS["delete"]) and administrator.has_perm(SCA_PERMISSIONS["delete"])


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
    assert error.message == "This customer is canceled: linking an external account is no longer possible."


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
    services.set_note_pinned(actor=support_agent, note=note, pinned=True)
    note.refresh_from_db()
    assert note.is_pinned
    entry = only_entry("customers.note.pinned")
    assert entry.actor == support_agent and entry.customer_id == person.pk and entry.target_id == str(note.pk)
    assert entry.changes == {"pinned": [False, True]} and not entry.confidential
    error = refused(services.set_note_pinned, unchanged=[note], actor=support_agent, note=note, pinned=True)
    assert error.message == "This note is pinned already."

    services.set_note_pinned(actor=support_agent, note=note, pinned=False)
    note.refresh_from_db()
    assert not note.is_pinned
    assert only_entry("customers.note.unpinned").changes == {"pinned": [True, False]}
    error = refused(services.set_note_pinned, unchanged=[note], actor=support_agent, note=note, pinned=False)
    assert error.message == "This note is not pinned."


def test_a_compliance_only_note_is_pinned_by_compliance_only(person, support_agent, compliance_officer):
    note = make_note(person, compliance_officer, body="SAR filed", visibility=NoteVisibility.COMPLIANCE)
    error = refused(services.set_note_pinned, unchanged=[note], actor=support_agent, note=note, pinned=True)
    assert error.message == "Only compliance officers and administrators handle compliance-only notes."
    services.set_note_pinned(actor=compliance_officer, note=note, pinned=True)
    assert only_entry("customers.note.pinned").confidential
