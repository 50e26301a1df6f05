"""SCA device commands, exactly as seed 000 has them: status, kind and role decide; the audit entry."""

import pytest

from customers import services
from customers.choices import (
    ScaDeviceKind,
    ScaDeviceStatus,
    ScaLockReason,
)
from customers.services.sca import SCA_PERMISSIONS
from tests.customers.commands import only_entry, refused
from tests.customers.holdings import make_device

pytestmark = pytest.mark.django_db


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
