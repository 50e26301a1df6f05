"""Deactivation (T): only from an active lifecycle status (PENDING or VALIDATED), only when every
account balance is exactly 0, irreversible. The customer becomes CANCELED and stays searchable;
its accounts close. What still blocks it is listed first (the pre-flight page); on PostgreSQL a
trigger (migration ``compliance.0005``) refuses the change too, whatever writes it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from backoffice import audit
from backoffice.errors import DomainError
from customers.choices import AccountStatus, CardStatus, Status, TransactionStatus
from customers.models import Account, Card, Customer, Transaction
from work.choices import WorkKind
from work.services import cancel_customer_items

from .outbox import USER_UPDATE, emit, user_update_payload

LIVE_CARDS = (CardStatus.INACTIVE, CardStatus.ACTIVE, CardStatus.LOCKED)
DEACTIVABLE = (Status.PENDING, Status.VALIDATED)


@dataclass
class Preflight:
    """What blocks the deactivation now: each list empty means nothing does."""

    status_blocker: str
    balances: list[Account]
    cards: list[Card]
    pending_operations: int

    @property
    def clear(self) -> bool:
        return not (self.status_blocker or self.balances or self.cards or self.pending_operations)

    def reasons(self) -> list[str]:
        reasons = [self.status_blocker] if self.status_blocker else []
        reasons += [f"{a.iban or a.pk}: balance {a.balance} {a.currency}, not 0." for a in self.balances]
        reasons += [f"Card {c.masked_pan} is {c.get_status_display().lower()}: cancel it first." for c in self.cards]
        if self.pending_operations:
            reasons.append(f"{self.pending_operations} operation(s) still pending on the accounts.")
        return reasons


def preflight(customer: Customer) -> Preflight:
    """Four queries whatever the customer holds."""
    if customer.status == Status.CANCELED:
        status_blocker = "The customer is deactivated already."
    elif customer.status not in DEACTIVABLE:
        status_blocker = f"Not possible from the {customer.get_status_display()} status."
    else:
        status_blocker = ""
    return Preflight(
        status_blocker=status_blocker,
        balances=list(Account.objects.filter(customer=customer).exclude(balance=0).order_by("pk")),
        cards=list(Card.objects.filter(customer=customer, status__in=LIVE_CARDS).order_by("pk")),
        pending_operations=Transaction.objects.filter(
            account__customer=customer, status=TransactionStatus.PENDING
        ).count(),
    )


def deactivation_refusal(customer: Customer) -> str | None:
    """Why the command is not offered at all: deactivated already. What still blocks it (balances,
    cards, pending operations) its page lists from ``preflight``, and ``deactivate`` refuses under
    the lock (also when a request is asked: the service rehearses it)."""
    return "The customer is deactivated already." if customer.status == Status.CANCELED else None


@transaction.atomic
def deactivate(*, actor, customer: Customer, reason: str) -> Customer:
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is required.", field="reason")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    # The accounts are locked too: no payment may land between the check and the change.
    list(Account.objects.select_for_update().filter(customer=customer))
    check = preflight(customer)
    if not check.clear:
        raise DomainError(" ".join(check.reasons()))
    before = customer.status
    customer.status = Status.CANCELED
    customer.save(update_fields=["status", "updated_at"])
    closed = Account.objects.filter(customer=customer).exclude(status=AccountStatus.CLOSED)
    closed_count = closed.update(status=AccountStatus.CLOSED)
    audit.record(
        action="compliance.customer.deactivated",
        actor=actor,
        customer_id=customer.pk,
        target=customer,
        changes={"status": [before, Status.CANCELED], "accounts_closed": [None, closed_count]},
        reason=reason,
    )
    emit(USER_UPDATE, customer_id=customer.pk, payload=user_update_payload(customer))
    # Nothing can be done for the customer again: their pending work is no longer needed, but the
    # vigilance transfer still owed back and the four-eyes requests (they expire or are refused).
    cancel_customer_items(customer_id=customer.pk, actor=actor, keep=(WorkKind.VIGILANCE_REFUND, WorkKind.APPROVAL))
    return customer
