"""The restrictions (DOMAIN.md "Three independent state axes"): the state (C: active, suspended,
blocked, with a reason the customer never sees), the asset freeze (T ``isFrozen``) and the legal
freeze (T ``IsLegalFrozen``). Each change locks the customer's row, moves only as its transition
map says, writes a confidential audit entry and a ``user.update`` event in the same transaction.

Confidential: the freeze flags, their comments and the state reason are for compliance officers
and administrators only (``backoffice.view_confidential``); the audit entries of freezes are
confidential whole, those of state changes have their reason masked.
"""

from __future__ import annotations

from django.db import transaction

from backoffice import audit
from backoffice.errors import DomainError
from customers.choices import State, Status
from customers.models import Customer

from .outbox import USER_UPDATE, emit, user_update_payload

# verb → {state before: state after}
_STATE_MOVES: dict[str, dict[str, str]] = {
    "suspend": {State.ACTIVE: State.SUSPENDED},
    "block": {State.ACTIVE: State.BLOCKED, State.SUSPENDED: State.BLOCKED},
    "reactivate": {State.SUSPENDED: State.ACTIVE, State.BLOCKED: State.ACTIVE},
}
# verb → (flag, value before, value after, why it does not apply)
_FREEZE_MOVES: dict[str, tuple[str, bool, bool, str]] = {
    "freeze": ("is_frozen", False, True, "The customer's assets are frozen already."),
    "unfreeze": ("is_frozen", True, False, "The customer's assets are not frozen."),
    "legal_freeze": ("is_legal_frozen", False, True, "The customer is under a legal freeze already."),
    "lift_legal_freeze": ("is_legal_frozen", True, False, "The customer is not under a legal freeze."),
}
_AUDIT_ACTIONS = {
    "suspend": "compliance.state.suspended",
    "block": "compliance.state.blocked",
    "reactivate": "compliance.state.reactivated",
    "freeze": "compliance.freeze.set",
    "unfreeze": "compliance.freeze.lifted",
    "legal_freeze": "compliance.legal_freeze.set",
    "lift_legal_freeze": "compliance.legal_freeze.lifted",
}
_DEACTIVATED = "The customer is deactivated: their restrictions no longer change."


def _state_refusal(customer: Customer, verb: str) -> str | None:
    if customer.status == Status.CANCELED:
        return _DEACTIVATED
    if customer.state not in _STATE_MOVES[verb]:
        return f"Not possible while the customer is {State(customer.state).label.lower()}."
    return None


def _freeze_refusal(customer: Customer, verb: str) -> str | None:
    if customer.status == Status.CANCELED:
        return _DEACTIVATED
    flag, before, _, refusal = _FREEZE_MOVES[verb]
    return None if getattr(customer, flag) == before else refusal


def suspend_refusal(customer: Customer) -> str | None:
    return _state_refusal(customer, "suspend")


def block_refusal(customer: Customer) -> str | None:
    return _state_refusal(customer, "block")


def reactivate_refusal(customer: Customer) -> str | None:
    return _state_refusal(customer, "reactivate")


def freeze_refusal(customer: Customer) -> str | None:
    return _freeze_refusal(customer, "freeze")


def lift_freeze_refusal(customer: Customer) -> str | None:
    return _freeze_refusal(customer, "unfreeze")


def legal_freeze_refusal(customer: Customer) -> str | None:
    return _freeze_refusal(customer, "legal_freeze")


def lift_legal_freeze_refusal(customer: Customer) -> str | None:
    return _freeze_refusal(customer, "lift_legal_freeze")


def _required(text: str, what: str, field: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError(f"Say why: the {what} is required.", field=field)
    return text


def suspend(*, actor, customer: Customer, reason: str) -> Customer:
    """Temporary: no outgoing transactions, the 2FA phone cannot change (an emergency stop: never
    waits for a second person)."""
    return _move_state(actor, customer, "suspend", reason)


def block(*, actor, customer: Customer, reason: str) -> Customer:
    """No transaction and no access at all, until reactivated."""
    return _move_state(actor, customer, "block", reason)


def reactivate(*, actor, customer: Customer, reason: str) -> Customer:
    """Back to Active from suspended or blocked."""
    return _move_state(actor, customer, "reactivate", reason)


def freeze_assets(*, actor, customer: Customer, comment: str) -> Customer:
    """Stop every payout but received SEPA direct debits (an emergency stop)."""
    return _move_freeze(actor, customer, "freeze", comment)


def lift_asset_freeze(*, actor, customer: Customer, comment: str) -> Customer:
    return _move_freeze(actor, customer, "unfreeze", comment)


def set_legal_freeze(*, actor, customer: Customer, comment: str) -> Customer:
    """Stop every payout, received SEPA direct debits included."""
    return _move_freeze(actor, customer, "legal_freeze", comment)


def lift_legal_freeze(*, actor, customer: Customer, comment: str) -> Customer:
    return _move_freeze(actor, customer, "lift_legal_freeze", comment)


@transaction.atomic
def _move_state(actor, customer: Customer, verb: str, reason: str) -> Customer:
    """Move the state as ``_STATE_MOVES[verb]`` says, with the state reason (kept on the customer
    while restricted)."""
    reason = _required(reason, "state reason", "reason")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    refusal = _state_refusal(customer, verb)
    if refusal:
        raise DomainError(refusal)
    before = customer.state
    customer.state = _STATE_MOVES[verb][before]
    previous_reason = customer.state_reason
    customer.state_reason = "" if customer.state == State.ACTIVE else reason
    customer.save(update_fields=["state", "state_reason", "updated_at"])
    audit.record(
        action=_AUDIT_ACTIONS[verb],
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={"state": [before, customer.state], "state_reason": [previous_reason, customer.state_reason]},
        reason=reason,
        confidential_fields=["state_reason", "reason"],
    )
    emit(USER_UPDATE, customer_id=customer.pk, payload=user_update_payload(customer))
    return customer


@transaction.atomic
def _move_freeze(actor, customer: Customer, verb: str, comment: str) -> Customer:
    """Set or lift the asset freeze or the legal freeze, with the mandatory comment."""
    comment = _required(comment, "comment", "comment")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    refusal = _freeze_refusal(customer, verb)
    if refusal:
        raise DomainError(refusal)
    flag, before, after, _ = _FREEZE_MOVES[verb]
    setattr(customer, flag, after)
    customer.save(update_fields=[flag, "updated_at"])
    audit.record(
        action=_AUDIT_ACTIONS[verb],
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={flag: [before, after]},
        reason=comment,
        confidential=True,
    )
    emit(USER_UPDATE, customer_id=customer.pk, payload=user_update_payload(customer))
    return customer
