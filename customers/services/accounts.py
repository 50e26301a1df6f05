"""Account commands (Crassula: "to manually stop all transactions of a Client, change their
account status"): block, unblock and close an account, each with a reason, locked, checked
against the declared transitions, saved and audited. A blocked or closed account's operations
are refused by ``compliance.policy`` (its Operations tab and the operations API).

Closing is final and only at a zero balance (booked and authorised: no card payment pending),
and never while a card on the account could still pay."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.formatting import format_money

from ..choices import AccountStatus, CardStatus, TransactionStatus
from ..models import Account
from .common import next_status, require_open_customer

# command → {from status: to status}
ACCOUNT_TRANSITIONS: dict[str, dict[str, str | None]] = {
    "block": {AccountStatus.ACTIVE: AccountStatus.BLOCKED},
    "unblock": {AccountStatus.BLOCKED: AccountStatus.ACTIVE},
    "close": {AccountStatus.ACTIVE: AccountStatus.CLOSED, AccountStatus.BLOCKED: AccountStatus.CLOSED},
}
REFUSALS = {
    "block": "This account is {status}: only an active account can be blocked.",
    "unblock": "This account is {status}: only a blocked account can be unblocked.",
    "close": "This account is {status} already.",
}
ACTIONS = {
    "block": "customers.account.blocked",
    "unblock": "customers.account.unblocked",
    "close": "customers.account.closed",
}
WORKING_CARDS = (CardStatus.INACTIVE, CardStatus.ACTIVE, CardStatus.LOCKED)


def transition_refusal(account: Account, command: str) -> str | None:
    """Why ``command`` cannot apply to the account as it is (its page says so before the form)."""
    if account.status not in ACCOUNT_TRANSITIONS[command]:
        return REFUSALS[command].format(status=account.get_status_display().lower())
    if command == "close":
        return close_refusal(account)
    return None


def block_refusal(account: Account) -> str | None:
    return transition_refusal(account, "block")


def unblock_refusal(account: Account) -> str | None:
    return transition_refusal(account, "unblock")


def closing_refusal(account: Account) -> str | None:
    return transition_refusal(account, "close")


def close_refusal(account: Account) -> str | None:
    if account.balance != 0 or account.authorized_balance != 0:
        balance = format_money(account.balance, account.currency)
        authorised = format_money(account.authorized_balance, account.currency)
        return (
            f"The balance is {balance} (authorised {authorised}): an account is closed only at zero. Have the "
            "money paid out or moved first."
        )
    pending = account.transactions.filter(status=TransactionStatus.PENDING).count()
    if pending:
        return f"{pending} transaction(s) on this account are pending: close it once they are booked or rejected."
    cards = account.cards.filter(status__in=WORKING_CARDS).count()
    if cards:
        return f"{cards} card(s) on this account can still pay: report them destroyed (Cards tab) first."
    return None


def _locked(account: Account, command: str, reason: str) -> tuple[Account, str]:
    account = Account.objects.select_for_update().select_related("customer").get(pk=account.pk)
    require_open_customer(account.customer, f"changing an account ({command})")
    refusal = transition_refusal(account, command)
    if refusal:
        raise DomainError(refusal)
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why: the reason is kept in the audit log.", field="reason")
    return account, reason


def _move(account: Account, command: str, *, actor, reason: str) -> Account:
    account, reason = _locked(account, command, reason)
    before = account.status
    account.status = next_status(ACCOUNT_TRANSITIONS, command, before, refusal=REFUSALS[command])
    fields = ["status"]
    if account.status == AccountStatus.CLOSED:
        account.closed_at = timezone.now()
        fields.append("closed_at")
    account.save(update_fields=fields)
    audit.record(
        action=ACTIONS[command],
        actor=actor,
        customer_id=account.customer_id,
        target=account,
        changes={"status": [before, account.status]},
        reason=reason,
        confidential=True,  # why an account was stopped is not for the customer (nor support agents)
    )
    return account


@transaction.atomic
def block_account(*, actor, account: Account, reason: str) -> Account:
    """Every transaction on the account is refused from now on (an emergency stop)."""
    return _move(account, "block", actor=actor, reason=reason)


@transaction.atomic
def unblock_account(*, actor, account: Account, reason: str) -> Account:
    return _move(account, "unblock", actor=actor, reason=reason)


@transaction.atomic
def close_account(*, actor, account: Account, reason: str) -> Account:
    """Final, at a zero balance with no card that could pay."""
    return _move(account, "close", actor=actor, reason=reason)
