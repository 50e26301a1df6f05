"""Verification status and level (C), kept in step with what has been proven: the primary email
and phone verified (contacts), the identity proven (a KYC level of REGULAR or STRONG, set by the
KYC review). Levels 0–2 follow from these; 3–5 are extra checks set by hand, kept as long as the
customer stays identified."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import KycLevel, VerificationLevel, VerificationStatus
from ..models import Customer
from ..panel_switches import verification_level_5_offered
from ..selectors import verified_contacts
from .common import require_open_customer

IDENTIFIED_LEVELS = (KycLevel.REGULAR, KycLevel.STRONG)
MANUAL_LEVELS = (VerificationLevel.LEVEL_3, VerificationLevel.LEVEL_4, VerificationLevel.LEVEL_5)
LEVEL_5_NOT_OFFERED = "Level 5 is not offered: an administrator switched it off in the panel settings."


def derived_verification(customer: Customer) -> tuple[str, int]:
    """(status, level) as the contacts and the KYC level say."""
    email, phone = verified_contacts(customer)
    if customer.kyc_level in IDENTIFIED_LEVELS:
        level = (
            customer.verification_level if customer.verification_level in MANUAL_LEVELS else VerificationLevel.LEVEL_2
        )
        return VerificationStatus.IDENTIFIED, level
    if email and phone:
        return VerificationStatus.PHONE_VERIFIED, VerificationLevel.LEVEL_1
    if email:
        return VerificationStatus.EMAIL_VERIFIED, VerificationLevel.LEVEL_0
    return VerificationStatus.NOT_VERIFIED, VerificationLevel.LEVEL_0


def refresh_verification(*, actor, customer: Customer, reason: str = "") -> dict:
    """Bring the columns in step (the caller holds the customer's row lock and the transaction);
    audited when they change. Returns the changes."""
    status, level = derived_verification(customer)
    changes: dict[str, list[Any]] = {}
    if customer.verification_status != status:
        changes["verification_status"] = [customer.verification_status, status]
    if customer.verification_level != level:
        changes["verification_level"] = [customer.verification_level, level]
    if changes:
        customer.verification_status, customer.verification_level = status, level
        customer.save(update_fields=["verification_status", "verification_level", "updated_at"])
        audit.record(
            action="customers.verification.updated",
            actor=actor,
            customer_id=customer.pk,
            target=customer,
            changes=changes,
            reason=reason,
        )
    return changes


def manual_level_refusal(customer: Customer) -> str | None:
    """Why no extra-check level can be set now (a deactivated or unidentified customer), or None."""
    if customer.is_deactivated:
        return "The customer is deactivated: setting the verification level is no longer possible."
    if customer.verification_status != VerificationStatus.IDENTIFIED:
        return "Levels 3 to 5 are extra checks on an identified customer; this one is not identified yet."
    return None


@transaction.atomic
def set_manual_verification_level(*, actor, customer: Customer, level: int, reason: str) -> Customer:
    """Levels 3–5 (extra checks: address, proof of funds, custom), or back to the derived level
    (2), for an identified customer, with the reason."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "setting the verification level")
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is required.", field="reason")
    if customer.verification_status != VerificationStatus.IDENTIFIED:
        raise DomainError("Levels 3 to 5 are extra checks on an identified customer; this one is not identified yet.")
    if level not in (VerificationLevel.LEVEL_2, *MANUAL_LEVELS):
        raise DomainError("Choose level 2 (derived) or an extra-check level 3 to 5.", field="level")
    if level == customer.verification_level:
        raise DomainError("The customer is at this level already.", field="level")
    if level == VerificationLevel.LEVEL_5 and not verification_level_5_offered():
        raise DomainError(LEVEL_5_NOT_OFFERED, field="level")
    before = customer.verification_level
    customer.verification_level = level
    customer.save(update_fields=["verification_level", "updated_at"])
    audit.record(
        action="customers.verification.level_set",
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={"verification_level": [before, level]},
        reason=reason,
    )
    return customer
