"""What the pages of the profile board's commands say that depends on their target (a card, an
SCA device, a beneficiary): the effect restated before, the message once done, the form's
choices, and why a command is not offered now, one function per verb. The commands themselves
are declared in ``customers.commands``."""

from __future__ import annotations

from typing import Any

from .choices import CardStatus, NoteVisibility, ScaDeviceStatus
from .kyc_services import KycService, service_at_level
from .models import Beneficiary, Card, Customer, ScaDevice
from .selectors import holdings
from .services.beneficiaries import BENEFICIARY_TRANSITIONS
from .services.cards import RETIRED_BY_REISSUE, card_refusal
from .services.sca import sca_refusal

# --- cards -----------------------------------------------------------------------------------


def card_state(card: Card) -> str:
    """What a new card can do, as the end of the sentence that announces it."""
    if card.status == CardStatus.LOCKED:
        return f"it is locked for now ({card.status_reason.rstrip('.')})."
    if card.status == CardStatus.INACTIVE:
        return "it works once activated, when the customer has it in hand."
    return "it can pay at once."


def _card_condition(customer: Customer) -> str:
    return service_at_level(customer.kyc_level, KycService.CREATE_CARDS).condition


def issue_effect(customer: Customer) -> str:
    condition = _card_condition(customer)
    if condition:  # seed 002 at Light: the new card is locked, a physical one is not activated
        return f"A new card is issued on the chosen account. {condition}"
    return (
        "A new card is issued on the chosen account. A virtual card can be used at once; a physical card "
        "is posted to the customer's shipping address and works once activated."
    )


def issue_form_kwargs(customer: Customer, target) -> dict[str, Any]:
    """The accounts a card may spend from (the customer's own, open), the KYC level's condition,
    and the name to emboss."""
    accounts = [account for account in holdings.accounts_of(customer).accounts if account.status == "active"]
    return {
        "accounts": accounts,
        "kyc_condition": _card_condition(customer),
        "initial": {"embossed_name": customer.display_name.upper()[:27]},
    }


def issued(card: Card) -> str:
    return f"The {card.get_kind_display().lower()} card {card.masked_pan} was issued: {card_state(card)}"


def activate_refusal(card: Card) -> str | None:
    return card_refusal(card, "activate")


def lock_refusal(card: Card) -> str | None:
    return card_refusal(card, "lock")


def unlock_refusal(card: Card) -> str | None:
    return card_refusal(card, "unlock")


def reissue_refusal(card: Card) -> str | None:
    return card_refusal(card, "reissue")


def card_form_kwargs(customer: Customer, card: Card) -> dict[str, Any]:
    return {"card": card}


# What the staff member is told once the card is locked, per the status chosen.
LOCKED_MESSAGES = {
    CardStatus.LOCKED: "The card is locked for now: Unlock makes it pay again.",
    CardStatus.LOST: "The card is reported lost: it never works again. Reissue it to give the customer a new one.",
    CardStatus.STOLEN: "The card is reported stolen: it never works again. Reissue it to give the customer a new one.",
    CardStatus.DESTROYED: (
        "The card is reported destroyed: it never works again. Reissue it to give the customer a new one."
    ),
}


def locked(card: Card) -> str:
    return LOCKED_MESSAGES[CardStatus(card.status)]


def unlock_effect(card: Card) -> str:
    return f"The card pays again. It was locked for: {card.status_reason or 'no reason given'}."


def reissue_effect(card: Card) -> str:
    retired = card.status in RETIRED_BY_REISSUE
    return f"A new {card.get_kind_display().lower()} card is issued on the same account and name" + (
        ", and this one stops working at once (Replaced)." if retired else "."
    )


def reissued(card: Card) -> str:
    old = Card.objects.only("status").get(pk=card.replaces_id)
    retired = " The old card no longer works (Replaced)." if old.status == CardStatus.REPLACED else ""
    return f"The card was reissued: the new card is {card.masked_pan}; {card_state(card)}{retired}"


# --- SCA devices -------------------------------------------------------------------------------


def secure_refusal(device: ScaDevice) -> str | None:
    return sca_refusal(device, "secure")


def unlock_device_refusal(device: ScaDevice) -> str | None:
    return sca_refusal(device, "unlock")


def reset_pin_refusal(device: ScaDevice) -> str | None:
    return sca_refusal(device, "reset_pin")


def delete_refusal(device: ScaDevice) -> str | None:
    return sca_refusal(device, "delete")


def secured(device: ScaDevice) -> str:
    return (
        f"The device is locked ({device.get_lock_reason_display()}): the customer cannot confirm payments or "
        "sign in with it until it is unlocked."
    )


def unlock_device_effect(device: ScaDevice) -> str:
    return (
        f"Whoever holds this device can confirm payments again. It was secured for: "
        f"{device.get_lock_reason_display() or 'no reason given'}. Do this only if you are sure of the "
        "customer's identity."
    )


def unlocked(device: ScaDevice) -> str:
    if device.status == ScaDeviceStatus.PASSCODE_MISSING:
        return "The device is unlocked: it still waits for the customer to choose a new PIN in the app."
    return "The device is unlocked: the customer can confirm payments with it again."


# --- beneficiaries -----------------------------------------------------------------------------


def _beneficiary_refusal(beneficiary: Beneficiary, command: str) -> str | None:
    if beneficiary.status not in BENEFICIARY_TRANSITIONS[command]:
        return f"This beneficiary is {beneficiary.get_status_display().lower()} already."
    return None


def deactivate_beneficiary_refusal(beneficiary: Beneficiary) -> str | None:
    return _beneficiary_refusal(beneficiary, "deactivate")


def reactivate_beneficiary_refusal(beneficiary: Beneficiary) -> str | None:
    return _beneficiary_refusal(beneficiary, "reactivate")


def linked(beneficiary: Beneficiary) -> str:
    return f"{beneficiary} is linked."


# --- password resets ---------------------------------------------------------------------------


def password_reset_refusal(customer: Customer) -> str | None:
    """No address, a canceled customer, or the hourly limit reached (a page opened earlier)."""
    from .services import password_resets

    return password_resets.reset_refusal(customer) or password_resets.limit_message(
        password_resets.next_allowed_at(customer)
    )


def password_reset_form_kwargs(customer: Customer, target) -> dict[str, Any]:
    return {"initial": {"email": customer.primary_email}}


def password_reset_effect(customer: Customer) -> str:
    from django.conf import settings

    minutes = int(settings.CUSTOMER_PASSWORD_RESET_LINK.total_seconds() // 60)
    return (
        f"The customer receives a link to choose a new password in their app. The link works once, for "
        f"{minutes} minutes, and any earlier link stops working. Their current password keeps working until "
        "they choose a new one. You never see or set the password."
    )


def reset_sent(reset) -> str:
    return f"The reset email is on its way to {reset.email}."


def link_removal_effect(relationship) -> str:
    return (
        f"{relationship.related} will no longer be listed as {relationship.get_kind_display().lower()} of "
        f"{relationship.customer}. The audit log keeps the link's history."
    )


def note_is_confidential(parameters) -> bool:
    """A compliance-only note waiting for a second person is seen by those who may read it only."""
    return parameters.get("visibility") == NoteVisibility.COMPLIANCE
