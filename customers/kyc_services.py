"""Seed 002 "Services availability": what the KYC level lets a customer do, in the one place every
app reads it. It is a fact about the KYC level, so it lives beside ``KycLevel``: the card services
here in ``customers``, the KYC tab's grid (``kyc``) and the policy's KYC part (``compliance``) all
ask ``service_at_level``, and so give one answer.

The seed's table (STRONG is a validated level like REGULAR):

=========================== ====== ====== ======= =======
service                     NONE   LIGHT  REGULAR REFUSED
=========================== ====== ====== ======= =======
Create cards                no     yes    yes     no
Pay by card                 no     yes    yes     no
Send funds                  no     yes    yes     no
Receive funds               yes    yes    yes     no
Request another KYC review  yes    yes    yes     no
=========================== ====== ====== ======= =======

and its caution at LIGHT: "It is your responsibility to lock the User's Cards" and "Payouts are
enabled only to allow the User to retrieve their funds before definitely closing their Wallet".
Read together at LIGHT:

- pay by card: no. The cards are locked (the KYC review service locks the active ones when the
  customer moves to LIGHT), so no card pays; activating or unlocking a card, which would make it
  pay, is refused;
- create cards: yes, as the table says, but the new card is locked too: a virtual card is issued
  locked, a physical one stays not activated;
- send funds: yes, only to take the balance out before the wallet closes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from .choices import OPERATION_DIRECTIONS, Direction, KycLevel, OperationType


class KycService(models.TextChoices):
    CREATE_CARDS = "create_cards", "Create cards"
    PAY_BY_CARD = "pay_by_card", "Pay by card"
    SEND_FUNDS = "send_funds", "Send funds"
    RECEIVE_FUNDS = "receive_funds", "Receive funds"
    REQUEST_REVIEW = "request_review", "Request another KYC review"


VALIDATED_LEVELS = frozenset({KycLevel.LIGHT, KycLevel.REGULAR, KycLevel.STRONG})
# The seed's table as it is written: service → the levels that have it.
SERVICES_BY_KYC_LEVEL: dict[str, frozenset[int]] = {
    KycService.CREATE_CARDS: VALIDATED_LEVELS,
    KycService.PAY_BY_CARD: VALIDATED_LEVELS,
    KycService.SEND_FUNDS: VALIDATED_LEVELS,
    KycService.RECEIVE_FUNDS: frozenset({KycLevel.NONE, *VALIDATED_LEVELS}),
    KycService.REQUEST_REVIEW: frozenset({KycLevel.NONE, *VALIDATED_LEVELS}),
}

NOT_AT_LEVEL: dict[int, str] = {
    KycLevel.NONE: "KYC level None: the customer only receives funds until a review validates them.",
    KycLevel.REFUSED: "The KYC was refused for good: no service.",
}
DEACTIVATED_NO_SERVICE = "The customer is deactivated."
LIGHT_CARDS_LOCKED = "KYC level Light: the cards are locked."
LIGHT_NEW_CARD_LOCKED = "At KYC level Light a new card is issued locked until the level changes."
LIGHT_PAYOUTS = "KYC level Light: only to take the balance out before the wallet closes."
LIGHT_LEVEL_CAUTION = (
    "At Light, the customer's cards are locked, and payouts exist only so the customer can take "
    "their money out before the wallet closes."
)


@dataclass(frozen=True)
class ServiceAtLevel:
    """One service at one KYC level: allowed or not, why not, and the condition it comes with."""

    service: str
    allowed: bool
    reason: str = ""
    condition: str = ""

    @property
    def label(self) -> str:
        return KycService(self.service).label


def service_at_level(level: int, service: str) -> ServiceAtLevel:
    """The seed's table, read with its caution at LIGHT (see the module's docstring)."""
    if level not in SERVICES_BY_KYC_LEVEL[service]:
        return ServiceAtLevel(service, False, NOT_AT_LEVEL.get(level, f"Not at KYC level {KycLevel(level).label}."))
    if level == KycLevel.LIGHT:
        if service == KycService.PAY_BY_CARD:
            return ServiceAtLevel(service, False, LIGHT_CARDS_LOCKED)
        if service == KycService.CREATE_CARDS:
            return ServiceAtLevel(service, True, condition=LIGHT_NEW_CARD_LOCKED)
        if service == KycService.SEND_FUNDS:
            return ServiceAtLevel(service, True, condition=LIGHT_PAYOUTS)
    return ServiceAtLevel(service, True)


def services_at_level(level: int) -> list[ServiceAtLevel]:
    """The KYC tab's grid: every service, in the seed's order."""
    return [service_at_level(level, service) for service in KycService.values]


def service_for(customer, service: str) -> ServiceAtLevel:
    """The service for this customer: none once deactivated (deactivation is irreversible; the
    payment policy gives the same reason), else what their KYC level allows."""
    if customer.is_deactivated:
        return ServiceAtLevel(service, False, DEACTIVATED_NO_SERVICE)
    return service_at_level(customer.kyc_level, service)


def services_for(customer) -> list[ServiceAtLevel]:
    """The KYC tab's grid for one customer: every service, in the seed's order."""
    return [service_for(customer, service) for service in KycService.values]


def service_of_operation(operation: str) -> str:
    """Which service of the table an operation of seed 004 uses: a card transaction is paying by
    card, any other payout sending funds, any payin receiving them."""
    if operation == OperationType.CARD_TRANSACTION:
        return KycService.PAY_BY_CARD
    if OPERATION_DIRECTIONS[operation] == Direction.PAYOUT:
        return KycService.SEND_FUNDS
    return KycService.RECEIVE_FUNDS


def cards_usable_at(level: int) -> bool:
    """Whether a card may pay at this level: activating or unlocking one is refused otherwise, and
    the move to such a level locks the active cards."""
    return service_at_level(level, KycService.PAY_BY_CARD).allowed


def card_lock_reason(level: int) -> str:
    """The status reason of a card locked because the KYC level does not let cards pay."""
    return f"KYC level {KycLevel(level).label}: cards locked."


LIGHT_CARD_LOCK_REASON = card_lock_reason(KycLevel.LIGHT)
