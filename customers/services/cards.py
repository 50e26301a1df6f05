"""Card commands (T cards, S "issue / reissue / activate", "expedite shipment"): each locks the
card, checks the declared transition, saves and writes the audit entry.

A lock is temporary ("Locked", undone by Unlock) or a final report (lost, stolen, destroyed:
the card is then reissued, never unlocked). Only the masked PAN is ever stored. Every new card
gets a public token (T ``publicToken``, unique); a new physical card is ordered from the card
maker by standard post (S card fulfilment), which staff may expedite until it is shipped.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import (
    CARD_LOCK_STATUSES,
    CARD_NOT_SHIPPED,
    AccountKind,
    AccountStatus,
    CardKind,
    CardShipping,
    CardStatus,
    KycLevel,
    ShippingMethod,
    Status,
)
from ..kyc_services import LIGHT_CARD_LOCK_REASON, KycService, card_lock_reason, cards_usable_at, service_at_level
from ..models import Account, Card, Customer
from ..models.holdings import random_public_token
from .common import CANCELED_REFUSAL, next_status, require_open_customer

CARD_BIN = "535043"  # the issuer identification number printed first on our cards
VALIDITY_YEARS = 3
USABLE = (CardStatus.INACTIVE, CardStatus.ACTIVE, CardStatus.LOCKED)
FINAL = (CardStatus.LOST, CardStatus.STOLEN, CardStatus.DESTROYED, CardStatus.EXPIRED)
# A reissue retires these as "Replaced"; a lost, stolen or destroyed card keeps saying so.
RETIRED_BY_REISSUE = (*USABLE, CardStatus.EXPIRED)

# command → {from status: to status}; None: the status the staff member chose.
CARD_TRANSITIONS: dict[str, dict[str, str | None]] = {
    "activate": {CardStatus.INACTIVE: CardStatus.ACTIVE},
    "lock": dict.fromkeys(USABLE),
    "unlock": {CardStatus.LOCKED: CardStatus.ACTIVE},
    "reissue": dict.fromkeys((*USABLE, *FINAL), CardStatus.REPLACED),
}
REFUSALS = {
    "activate": "Only a card that was never activated can be activated; this one is {status}.",
    "lock": "This card is {status}: it cannot be locked. Reissue it instead.",
    "unlock": "Only a temporarily locked card can be unlocked; this one is {status}.",
    "reissue": "This card is {status}: it has been reissued already.",
}


# Which service of seed 002's table each command uses (``customers.kyc_services``): issuing and
# reissuing create a card; activating and unlocking one lets it pay.
KYC_SERVICE_OF_COMMAND = {
    "issue": KycService.CREATE_CARDS,
    "reissue": KycService.CREATE_CARDS,
    "activate": KycService.PAY_BY_CARD,
    "unlock": KycService.PAY_BY_CARD,
}


def kyc_refusal(customer: Customer, command: str) -> str | None:
    """Why the customer's KYC level does not allow ``command`` (seed 002), or None."""
    service = KYC_SERVICE_OF_COMMAND.get(command)
    if service is None:
        return None
    answer = service_at_level(customer.kyc_level, service)
    return None if answer.allowed else answer.reason


def issue_refusal(customer: Customer) -> str | None:
    """Why no card may be issued to ``customer`` now (deactivated, or the KYC level), or None."""
    if customer.status == Status.CANCELED:
        return CANCELED_REFUSAL.format(what="issuing a card")
    return kyc_refusal(customer, "issue")


def _require_kyc_level(customer: Customer, command: str) -> None:
    refusal = kyc_refusal(customer, command)
    if refusal:
        raise DomainError(refusal)


def _new_card_status(customer: Customer, kind: str) -> tuple[str, str]:
    """A virtual card works at once, a physical one once activated; at KYC level Light a virtual
    card is issued locked (seed 002: the customer's cards are locked)."""
    if kind != CardKind.VIRTUAL:
        return CardStatus.INACTIVE, ""
    if customer.kyc_level == KycLevel.LIGHT:
        return CardStatus.LOCKED, LIGHT_CARD_LOCK_REASON
    return CardStatus.ACTIVE, ""


def was_reissued(card: Card) -> bool:
    try:
        return card.replaced_by is not None
    except Card.DoesNotExist:
        return False


def _status_refusal(card: Card, command: str) -> str | None:
    if card.status not in CARD_TRANSITIONS[command]:
        return REFUSALS[command].replace("{status}", CardStatus(card.status).label.lower())
    if command == "reissue" and was_reissued(card):
        return "This card has been reissued already."
    return None


def card_refusal(card: Card, command: str) -> str | None:
    """Why ``card`` does not offer ``command`` now (its status, a reissue done already, or the
    customer's KYC level)."""
    return _status_refusal(card, command) or kyc_refusal(card.customer, command)


def card_commands(card: Card) -> list[tuple[str, str | None]]:
    """The commands the card's status allows, in the order the page shows them (a card already
    reissued offers no second reissue), each with why the customer's KYC level refuses it, or None:
    the tab shows such a command disabled with that reason, as ``card_refusal`` refuses it."""
    return [
        (command, kyc_refusal(card.customer, command))
        for command in CARD_TRANSITIONS
        if _status_refusal(card, command) is None
    ]


def _locked_card(card: Card) -> Card:
    """The customer row first, then the card: the order a review decision locks them in (customer,
    then its active cards), so a command reads a KYC level no decision is changing meanwhile (an
    unlock racing a move to Light would leave an Active card at Light) and never deadlocks with it."""
    customer = Customer.objects.select_for_update().get(pk=card.customer_id)
    locked = Card.objects.select_for_update(of=("self",)).select_related("account").get(pk=card.pk)
    locked.customer = customer
    return locked


def _transition(card: Card, command: str) -> str | None:
    label = CardStatus(card.status).label.lower()
    return next_status(CARD_TRANSITIONS, command, card.status, refusal=REFUSALS[command].replace("{status}", label))


def _fixed_transition(card: Card, command: str) -> str:
    """The status a command with a fixed target (activate, unlock) leads to."""
    target = _transition(card, command)
    assert target is not None, f"{command} leads to one status: the map says which"
    return target


def _new_masked_pan() -> str:
    last4 = f"{secrets.randbelow(10_000):04d}"
    return f"{CARD_BIN[:4]} {CARD_BIN[4:]}•• •••• {last4}"


def new_public_token() -> str:
    """A public token no card holds yet (a draw is taken once in a few thousand at millions of cards)."""
    while True:
        token = random_public_token()
        if not Card.objects.filter(public_token=token).exists():
            return token


def _shipping_of(kind: str) -> dict:
    """A new physical card is ordered from the card maker, by standard post; a virtual one ships not."""
    if kind == CardKind.VIRTUAL:
        return {"shipping_status": "", "shipping_method": ""}
    return {"shipping_status": CardShipping.ORDERED, "shipping_method": ShippingMethod.STANDARD}


def _record(card: Card, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit.record(action=action, actor=actor, customer_id=card.customer_id, target=card, changes=changes, reason=reason)


def _check_account(customer: Customer, account: Account) -> None:
    if account.customer_id != customer.pk:
        raise DomainError("Choose one of this customer's own accounts.", field="account")
    if account.kind == AccountKind.VAULT:
        raise DomainError("A vault account has no cards: choose a current account or a wallet.", field="account")
    if account.status != AccountStatus.ACTIVE:
        raise DomainError(
            f"This account is {account.get_status_display().lower()}: choose an active one.", field="account"
        )


@transaction.atomic
def issue_card(*, actor, customer: Customer, account: Account | int, kind: str, embossed_name: str) -> Card:
    """A new card on ``account`` (or the account of that id, as a form or a request gives it): a
    virtual card works at once, a physical one once activated."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "issuing a card")
    _require_kyc_level(customer, "issue")
    found = Account.objects.select_for_update().filter(pk=account if isinstance(account, int) else account.pk).first()
    if found is None:
        raise DomainError("Choose one of this customer's own accounts.", field="account")
    account = found
    _check_account(customer, account)
    now = timezone.now()
    status, status_reason = _new_card_status(customer, kind)
    card = Card.objects.create(
        customer=customer,
        account=account,
        kind=kind,
        masked_pan=_new_masked_pan(),
        expiry_month=now.month,
        expiry_year=now.year + VALIDITY_YEARS,
        embossed_name=embossed_name.upper(),
        status=status,
        status_reason=status_reason,
        issued_by=actor,
        activated_at=now if kind == CardKind.VIRTUAL else None,
        public_token=new_public_token(),
        **_shipping_of(kind),
    )
    changes = {"kind": [None, kind], "account": [None, account.number], "status": [None, card.status]}
    if card.shipping_status:
        changes["shipping_status"] = [None, card.shipping_status]
    _record(card, actor=actor, action="customers.card.issued", changes=changes, reason=status_reason)
    return card


@transaction.atomic
def reissue_card(*, actor, card: Card, reason: str) -> Card:
    """A new card of the same type, on the same account and name; a usable old card is
    retired as "Replaced", a lost, stolen or destroyed one keeps that status."""
    card = _locked_card(card)
    require_open_customer(card.customer, "reissuing a card")
    _transition(card, "reissue")
    _require_kyc_level(card.customer, "reissue")
    if Card.objects.filter(replaces=card).exists():
        raise DomainError("This card has been reissued already.")
    if card.account.status != AccountStatus.ACTIVE:
        raise DomainError(
            f"The card's account is {card.account.get_status_display().lower()}: issue a new card on an open "
            "account instead."
        )
    before = card.status
    if card.status in RETIRED_BY_REISSUE:
        card.status, card.status_reason, card.status_changed_at = CardStatus.REPLACED, reason, timezone.now()
        card.save(update_fields=["status", "status_reason", "status_changed_at"])
    status, status_reason = _new_card_status(card.customer, card.kind)
    new_card = Card.objects.create(
        customer_id=card.customer_id,
        account_id=card.account_id,
        kind=card.kind,
        masked_pan=_new_masked_pan(),
        expiry_month=timezone.now().month,
        expiry_year=timezone.now().year + VALIDITY_YEARS,
        embossed_name=card.embossed_name,
        status=status,
        status_reason=status_reason,
        activated_at=timezone.now() if card.kind == CardKind.VIRTUAL else None,
        replaces=card,
        issued_by=actor,
        public_token=new_public_token(),
        **_shipping_of(card.kind),
    )
    changes = {"status": [before, card.status]} if before != card.status else {}
    _record(
        card,
        actor=actor,
        action="customers.card.reissued",
        changes={**changes, "new_card": [None, new_card.masked_pan]},
        reason=reason,
    )
    return new_card


@transaction.atomic
def activate_card(*, actor, card: Card) -> Card:
    card = _locked_card(card)
    require_open_customer(card.customer, "activating a card")
    _require_kyc_level(card.customer, "activate")
    card.status = _fixed_transition(card, "activate")
    card.activated_at = card.status_changed_at = timezone.now()
    card.save(update_fields=["status", "activated_at", "status_changed_at"])
    _record(
        card, actor=actor, action="customers.card.activated", changes={"status": [CardStatus.INACTIVE, card.status]}
    )
    return card


@transaction.atomic
def lock_card(*, actor, card: Card, status: str, reason: str) -> Card:
    """Lock for a while (``locked``) or report the card lost, stolen or destroyed (final)."""
    card = _locked_card(card)
    require_open_customer(card.customer, "locking a card")
    _transition(card, "lock")
    if status not in CARD_LOCK_STATUSES:
        raise DomainError("Choose how to lock the card.", field="status")
    if card.status == status:
        raise DomainError(f"This card is {card.get_status_display().lower()} already.", field="status")
    if card.status == CardStatus.INACTIVE and status == CardStatus.LOCKED:
        # Unlocking leads to Active: a card locked before its activation would skip it.
        raise DomainError(
            "A card not activated yet cannot pay: there is nothing to lock for a while. "
            "Report it lost, stolen or destroyed if it never reached the customer.",
            field="status",
        )
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the card is locked.", field="reason")
    before = card.status
    card.status, card.status_reason, card.status_changed_at = status, reason, timezone.now()
    card.save(update_fields=["status", "status_reason", "status_changed_at"])
    _record(card, actor=actor, action="customers.card.locked", changes={"status": [before, status]}, reason=reason)
    return card


@transaction.atomic
def unlock_card(*, actor, card: Card, reason: str = "") -> Card:
    card = _locked_card(card)
    require_open_customer(card.customer, "unlocking a card")
    _require_kyc_level(card.customer, "unlock")
    card.status = _fixed_transition(card, "unlock")
    card.status_reason, card.status_changed_at = "", timezone.now()
    card.save(update_fields=["status", "status_reason", "status_changed_at"])
    _record(
        card,
        actor=actor,
        action="customers.card.unlocked",
        changes={"status": [CardStatus.LOCKED, card.status]},
        reason=reason,
    )
    return card


@transaction.atomic
def lock_cards_for_kyc_level(*, actor, customer: Customer, decision_reason: str = "") -> list[Card]:
    """Seed 002: at a KYC level where cards may not pay (None, Light, Refused: ``cards_usable_at``)
    "it is your responsibility to lock the User's Cards". Every active card of ``customer`` (locked
    by the caller, which moved the level) is locked for a while (Unlock undoes it once the level
    allows cards again), each lock audited with the KYC decision's reason beside the level's.
    Called by the service that moves the level; does nothing at a level where cards pay."""
    if cards_usable_at(customer.kyc_level):
        return []
    reason = card_lock_reason(customer.kyc_level)
    audited = f"{reason} KYC decision: {decision_reason.strip()}" if decision_reason.strip() else reason
    active = Card.objects.select_for_update().filter(customer_id=customer.pk, status=CardStatus.ACTIVE).order_by("pk")
    locked = []
    for card in active:
        card.status, card.status_reason, card.status_changed_at = CardStatus.LOCKED, reason, timezone.now()
        card.save(update_fields=["status", "status_reason", "status_changed_at"])
        changes = {"status": [CardStatus.ACTIVE, CardStatus.LOCKED]}
        _record(card, actor=actor, action="customers.card.locked", changes=changes, reason=audited)
        locked.append(card)
    return locked


# --- shipping (S "expedite shipment / fulfillment") -----------------------------------------------

SHIPPING_REFUSALS = {
    CardShipping.SHIPPED: "This card was shipped{on}: it can no longer be sent faster.",
    CardShipping.DELIVERED: "This card was delivered: there is nothing to expedite.",
    CardShipping.RETURNED: (
        "This card came back undelivered: check the shipping address with the customer and reissue the card."
    ),
}


def expedite_refusal(card: Card) -> str | None:
    """Why ``card``'s shipment cannot be expedited now: a virtual card, one shipped already (or
    delivered, or returned), one expedited already, or a card that no longer works."""
    if card.kind == CardKind.VIRTUAL:
        return "A virtual card is not posted: there is no shipment to expedite."
    if card.shipping_status not in CARD_NOT_SHIPPED:
        on = f" on {card.shipped_at:%Y-%m-%d}" if card.shipped_at else ""
        return SHIPPING_REFUSALS[CardShipping(card.shipping_status)].replace("{on}", on)
    if card.shipping_method == ShippingMethod.EXPEDITED:
        return "This card's shipment is expedited already."
    if card.status not in USABLE:
        return f"This card is {CardStatus(card.status).label.lower()}: reissue it instead of expediting it."
    return None


@transaction.atomic
def expedite_card_shipment(*, actor, card: Card, reason: str = "") -> Card:
    """The card maker sends the card by express post instead of standard (S
    ``is_expedited_fulfillment``), while it is not shipped yet."""
    card = _locked_card(card)
    require_open_customer(card.customer, "expediting a card's shipment")
    refusal = expedite_refusal(card)
    if refusal:
        raise DomainError(refusal)
    before, card.shipping_method = card.shipping_method, ShippingMethod.EXPEDITED
    card.save(update_fields=["shipping_method"])
    _record(
        card,
        actor=actor,
        action="customers.card.shipment_expedited",
        changes={"shipping_method": [before, card.shipping_method]},
        reason=reason,
    )
    return card
