"""SCA device commands, exactly as Treezor's Dashboard has them (seed 000).

Which command a device offers depends on its status (the map below) and on the staff
member's role (``SCA_PERMISSIONS``). Unlock and Reset PIN hand the device back to whoever
holds the customer's credentials, so they need the staff member's word that they checked the
customer's identity (and, in the view, their password again).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import ScaDeviceKind, ScaDeviceStatus, ScaLockReason
from ..models import ScaDevice
from .common import require_open_customer

_ANY = dict.fromkeys(ScaDeviceStatus.values)

# command → {from status: to status}; None keeps or restores a status (see each command).
SCA_TRANSITIONS: dict[str, dict[str, str | None]] = {
    "reset_pin": {ScaDeviceStatus.ACTIVE: ScaDeviceStatus.PASSCODE_MISSING},
    "secure": {
        ScaDeviceStatus.PASSCODE_MISSING: ScaDeviceStatus.LOCKED,
        ScaDeviceStatus.ACTIVE: ScaDeviceStatus.LOCKED,
    },
    "unlock": {ScaDeviceStatus.LOCKED: None},
    "delete": _ANY,
}
SCA_PERMISSIONS = {
    "reset_pin": "customers.manage_sca_devices",
    "secure": "customers.manage_sca_devices",
    "unlock": "customers.manage_sca_devices",
    "delete": "customers.delete_sca_devices",
}
REFUSALS = {
    "reset_pin": "Only an active device's PIN can be reset; this one is {status}. Unlock it first if it is locked.",
    "secure": "This device is {status} already.",
    "unlock": "Only a locked device can be unlocked; this one is {status}.",
    "delete": "This device is {status}.",
}
IDENTITY_UNCHECKED = "Confirm that you checked the customer's identity."


def sca_commands(device: ScaDevice, user) -> list[str]:
    """What the device's menu shows to ``user``: allowed by its status, its kind and their role."""
    return [
        command
        for command in SCA_TRANSITIONS
        if user.has_perm(SCA_PERMISSIONS[command]) and sca_refusal(device, command) is None
    ]


def sca_refusal(device: ScaDevice, command: str) -> str | None:
    """Why ``device`` does not offer ``command`` now: its status or its kind (not the role)."""
    if device.is_deleted:
        return "This device was deleted: nothing can be done with it any more."
    if command == "reset_pin" and device.kind != ScaDeviceKind.MOBILE:
        return "A PIN can be reset on a mobile device only; a web browser has none."
    if device.status not in SCA_TRANSITIONS[command]:
        return REFUSALS[command].replace("{status}", ScaDeviceStatus(device.status).label.lower())
    return None


def _locked_device(device: ScaDevice, command: str, actor) -> ScaDevice:
    """The device locked for the change, once the actor's role and the device's status allow ``command``."""
    if hasattr(actor, "has_perm") and not actor.has_perm(SCA_PERMISSIONS[command]):
        raise DomainError("Your role does not allow this command on SCA devices.")
    device = ScaDevice.objects.select_for_update().select_related("customer").get(pk=device.pk)
    require_open_customer(device.customer, "a command on an SCA device")
    refusal = sca_refusal(device, command)
    if refusal is not None:
        raise DomainError(refusal)
    return device


def _require_identity_checked(identity_checked: bool) -> None:
    if not identity_checked:
        raise DomainError(
            IDENTITY_UNCHECKED,
            field="identity_checked",
        )


def _record(device: ScaDevice, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit.record(
        action=action, actor=actor, customer_id=device.customer_id, target=device, changes=changes, reason=reason
    )


@transaction.atomic
def reset_sca_pin(*, actor, device: ScaDevice, identity_checked: bool) -> ScaDevice:
    """Ask the customer to choose a new PIN: mobile devices only; the device waits for it."""
    _require_identity_checked(identity_checked)
    device = _locked_device(device, "reset_pin", actor)
    before = device.status
    device.status, device.pin_reset_requested_at = ScaDeviceStatus.PASSCODE_MISSING, timezone.now()
    device.save(update_fields=["status", "pin_reset_requested_at"])
    _record(
        device,
        actor=actor,
        action="customers.sca_device.pin_reset",
        changes={"status": [before, device.status], "identity_checked": [None, True]},
    )
    return device


@transaction.atomic
def secure_sca_device(*, actor, device: ScaDevice, reason: str, message: str = "") -> ScaDevice:
    """Lock the device ("Secure SCA on this device"): the customer cannot authenticate with it."""
    if reason not in ScaLockReason.values:
        raise DomainError("Choose why the device is secured.", field="reason")
    device = _locked_device(device, "secure", actor)
    before = device.status
    device.status_before_lock = device.status
    device.status, device.lock_reason, device.lock_message = ScaDeviceStatus.LOCKED, reason, message.strip()
    device.locked_at = timezone.now()
    device.save(update_fields=["status", "status_before_lock", "lock_reason", "lock_message", "locked_at"])
    _record(
        device,
        actor=actor,
        action="customers.sca_device.secured",
        changes={
            "status": [before, device.status],
            "lock_reason": [None, reason],
            "lock_message": [None, device.lock_message],
        },
        reason=ScaLockReason(reason).label,
    )
    return device


@transaction.atomic
def unlock_sca_device(*, actor, device: ScaDevice, identity_checked: bool) -> ScaDevice:
    """Unlock: the device returns to the status it had (Active, or Passcode missing)."""
    _require_identity_checked(identity_checked)
    device = _locked_device(device, "unlock", actor)
    before = {"status": device.status, "lock_reason": device.lock_reason, "lock_message": device.lock_message}
    device.status = device.status_before_lock or ScaDeviceStatus.ACTIVE
    device.lock_reason = device.lock_message = device.status_before_lock = ""
    device.locked_at = None
    device.save(update_fields=["status", "lock_reason", "lock_message", "status_before_lock", "locked_at"])
    _record(
        device,
        actor=actor,
        action="customers.sca_device.unlocked",
        changes={
            "status": [before["status"], device.status],
            "lock_reason": [before["lock_reason"], ""],
            "lock_message": [before["lock_message"], ""],
            "identity_checked": [None, True],
        },
    )
    return device


@transaction.atomic
def delete_sca_device(*, actor, device: ScaDevice, reason: str) -> ScaDevice:
    """Unenrol the device. It stays in "View deleted devices", with who deleted it and when."""
    if not reason.strip():
        raise DomainError("Say why the device is deleted.", field="reason")
    device = _locked_device(device, "delete", actor)
    device.deleted_at, device.deleted_by = timezone.now(), actor
    device.save(update_fields=["deleted_at", "deleted_by"])
    _record(
        device, actor=actor, action="customers.sca_device.deleted", changes={"deleted": [False, True]}, reason=reason
    )
    return device
