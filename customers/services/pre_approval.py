"""C "Transfer pre-approval": an administrator approves each of the customer's transfers unless
it is skipped. Skipping weakens a control, so it is a command of its own that waits for a second
person by default (issue 18); requiring it again restores the control and is immediate. Both
need a reason, kept in the audit log."""

from __future__ import annotations

from django.db import transaction

from backoffice import audit
from backoffice.errors import DomainError

from ..choices import Status
from ..models import Customer
from .common import CANCELED_REFUSAL, locked


def skip_refusal(customer: Customer) -> str | None:
    if customer.status == Status.CANCELED:
        return CANCELED_REFUSAL.format(what="changing the transfer pre-approval")
    return "Transfers already skip the pre-approval." if customer.skip_transfer_pre_approval else None


def require_refusal(customer: Customer) -> str | None:
    if customer.status == Status.CANCELED:
        return CANCELED_REFUSAL.format(what="changing the transfer pre-approval")
    return None if customer.skip_transfer_pre_approval else "Transfers already need the pre-approval."


def _set(*, actor: audit.Actor, customer: Customer, skip: bool, reason: str, action: str) -> Customer:
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the transfer pre-approval changes: the reason is required.", field="reason")
    customer = locked(customer, doing="changing the transfer pre-approval")
    refusal = skip_refusal(customer) if skip else require_refusal(customer)
    if refusal:
        raise DomainError(refusal)
    customer.skip_transfer_pre_approval = skip
    customer.version += 1
    customer.save(update_fields=["skip_transfer_pre_approval", "version", "updated_at"])
    audit.record(
        action=action,
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={"skip_transfer_pre_approval": [not skip, skip]},
        reason=reason,
    )
    return customer


@transaction.atomic
def skip_transfer_pre_approval(*, actor: audit.Actor, customer: Customer, reason: str) -> Customer:
    """The customer's transfers go out without an administrator's approval."""
    return _set(actor=actor, customer=customer, skip=True, reason=reason, action="customers.pre_approval.skipped")


@transaction.atomic
def require_transfer_pre_approval(*, actor: audit.Actor, customer: Customer, reason: str) -> Customer:
    """Each of the customer's transfers waits for an administrator's approval again."""
    return _set(actor=actor, customer=customer, skip=False, reason=reason, action="customers.pre_approval.required")
