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

# command → {state before: state after}
STATE_TRANSITIONS: dict[str, dict[str, str]] = {
    "suspend": {State.ACTIVE: State.SUSPENDED},
    "block": {State.ACTIVE: State.BLOCKED, State.SUSPENDED: State.BLOCKED},
    "reactivate": {State.SUSPENDED: State.ACTIVE, State.BLOCKED: State.ACTIVE},
}
# command → (flag, value before, value after)
FREEZE_TRANSITIONS: dict[str, tuple[str, bool, bool]] = {
    "freeze": ("is_frozen", False, True),
    "unfreeze": ("is_frozen", True, False),
    "legal_freeze": ("is_legal_frozen", False, True),
    "lift_legal_freeze": ("is_legal_frozen", True, False),
}
FREEZE_REFUSALS = {
    "freeze": "The customer's assets are frozen already.",
    "unfreeze": "The customer's assets are not frozen.",
    "legal_freeze": "The customer is under a legal freeze already.",
    "lift_legal_freeze": "The customer is not under a legal freeze.",
}
AUDIT_ACTIONS = {
    "suspend": "compliance.state.suspended",
    "block": "compliance.state.blocked",
    "reactivate": "compliance.state.reactivated",
    "freeze": "compliance.freeze.set",
    "unfreeze": "compliance.freeze.lifted",
    "legal_freeze": "compliance.legal_freeze.set",
    "lift_legal_freeze": "compliance.legal_freeze.lifted",
}


def restriction_refusal(customer: Customer, command: str) -> str | None:
    """Why ``command`` does not apply to the customer now, or None."""
    if customer.status == Status.CANCELED:
        return "The customer is deactivated: their restrictions no longer change."
    if command in STATE_TRANSITIONS:
        if customer.state not in STATE_TRANSITIONS[command]:
            return f"Not possible while the customer is {State(customer.state).label.lower()}."
        return None
    flag, before, _ = FREEZE_TRANSITIONS[command]
    return None if getattr(customer, flag) == before else FREEZE_REFUSALS[command]


def _required(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError(f"Say why: the {what} is required.", field="reason")
    return text


@transaction.atomic
def change_state(*, actor, customer: Customer, command: str, reason: str) -> Customer:
    """Suspend (no outgoing transactions, the 2FA phone cannot change), block (no access at all) or
    reactivate, with the state reason (kept on the customer while restricted)."""
    reason = _required(reason, "state reason")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    refusal = restriction_refusal(customer, command)
    if refusal:
        raise DomainError(refusal)
    before = customer.state
    customer.state = STATE_TRANSITIONS[command][before]
    previous_reason = customer.state_reason
    customer.state_reason = "" if customer.state == State.ACTIVE else reason
    customer.save(update_fields=["state", "state_reason", "updated_at"])
    audit.record(
        action=AUDIT_ACTIONS[command],
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
def change_freeze(*, actor, customer: Customer, command: str, comment: str) -> Customer:
    """Set or lift the asset freeze or the legal freeze, with the mandatory comment."""
    comment = _required(comment, "comment")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    refusal = restriction_refusal(customer, command)
    if refusal:
        raise DomainError(refusal)
    flag, before, after = FREEZE_TRANSITIONS[command]
    setattr(customer, flag, after)
    customer.save(update_fields=[flag, "updated_at"])
    audit.record(
        action=AUDIT_ACTIONS[command],
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={flag: [before, after]},
        reason=comment,
        confidential=True,
    )
    emit(USER_UPDATE, customer_id=customer.pk, payload=user_update_payload(customer))
    return customer
