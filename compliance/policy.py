"""What a customer may do now: one function decides, for each of seed 004's nine operations,
whether it goes through, waits (held), or is refused, and why. Every rule is here, read off:

- the lifecycle: a deactivated (CANCELED) customer does nothing;
- the KYC level (seed 002 "Services availability", held by ``customers.kyc_services``, which the
  KYC tab and the card services read too): NONE receives only; LIGHT receives and pays out, but
  its cards are locked and its payouts exist only so the customer can take their money out
  before the wallet closes; REGULAR and STRONG do everything; REFUSED nothing;
- the verification level (C): at 0 and 1 transactions are held until the KYC completes;
- the state (C): suspended, no outgoing transaction; blocked, nothing;
- the asset freeze and the legal freeze (seed 004's matrix): every payout refused, except a
  received SEPA direct debit under a (non-legal) freeze; payins allowed;
- the account (C: "to manually stop all transactions of a Client, change their account
  status"), when the operation is on one: blocked or closed, nothing on it.

Reasons from the state, the freezes and their comments are confidential: ``Decision.public``
gives support agents the outcome only (DOMAIN.md: never let the customer learn of a freeze).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from customers.choices import (
    OPERATION_DIRECTIONS,
    AccountKind,
    AccountStatus,
    CardStatus,
    Direction,
    OperationType,
    State,
    Status,
)
from customers.kyc_services import DEACTIVATED_NO_SERVICE, service_at_level, service_of_operation

ALLOWED, HELD, REFUSED = "allowed", "held", "refused"
OUTCOME_LABELS = {ALLOWED: "Allowed", HELD: "Held until the KYC completes", REFUSED: "Not allowed"}
FREEZE_EXEMPT = (OperationType.SDD_RECEIVED,)  # seed 004: SDDR still debits a frozen (not legally) wallet
HOLDING_VERIFICATION_LEVELS = (0, 1)


@dataclass(frozen=True)
class Reason:
    text: str
    confidential: bool = False


@dataclass
class Decision:
    operation: str
    outcome: str = ALLOWED
    reasons: list[Reason] = field(default_factory=list)
    condition: str = ""  # allowed, but only so (LIGHT: to take the money out)

    @property
    def allowed(self) -> bool:
        return self.outcome == ALLOWED

    @property
    def label(self) -> str:
        return OperationType(self.operation).label

    @property
    def direction(self) -> str:
        return OPERATION_DIRECTIONS[self.operation]

    def refuse(self, text: str, *, confidential: bool = False) -> None:
        self.outcome = REFUSED
        self.reasons.append(Reason(text, confidential))

    def hold(self, text: str) -> None:
        if self.outcome == ALLOWED:
            self.outcome = HELD
        self.reasons.append(Reason(text))

    def public(self) -> dict:
        """What anyone who may see the customer may know: the outcome, and only the reasons that
        are not confidential (a refusal for a confidential reason says just "not allowed")."""
        return {
            "operation": self.operation,
            "direction": self.direction,
            "allowed": self.allowed,
            "outcome": self.outcome,
            "reasons": [r.text for r in self.reasons if not r.confidential],
        }

    def full(self) -> dict:
        return {**self.public(), "reasons": [r.text for r in self.reasons], "condition": self.condition}


def decide(customer, operation: str, account=None, *, open_accounts: bool | None = None, card=None) -> Decision:
    """The decision for one operation (on ``account``, when given), every reason included.
    ``open_accounts`` (``has_open_accounts``) False: every account of the customer is blocked or
    closed, so nothing goes through whichever account it would be on."""
    decision = Decision(operation)
    if account is not None and account.status != AccountStatus.ACTIVE:
        decision.refuse(f"The account {account.number} is {account.get_status_display().lower()}: nothing on it.")
    elif account is None and open_accounts is False:
        decision.refuse("No open account: every account of the customer is blocked or closed.")
    if card is not None and card.status != CardStatus.ACTIVE and operation == OperationType.CARD_TRANSACTION:
        decision.refuse(f"The card {card.masked_pan[-4:]} is {card.get_status_display().lower()}: it cannot pay.")
    payout = OPERATION_DIRECTIONS[operation] == Direction.PAYOUT
    if customer.status == Status.CANCELED:
        decision.refuse(DEACTIVATED_NO_SERVICE)
    _kyc_level(decision, customer.kyc_level, operation)
    if customer.state == State.BLOCKED:
        decision.refuse("The customer is blocked.", confidential=True)
    elif customer.state == State.SUSPENDED and payout:
        decision.refuse("The customer is suspended: no outgoing transaction.", confidential=True)
    if customer.is_legal_frozen and payout:
        decision.refuse("A legal freeze stops every payout.", confidential=True)
    if customer.is_frozen and payout and operation not in FREEZE_EXEMPT:
        decision.refuse("The assets are frozen: payouts are stopped.", confidential=True)
    if customer.verification_level in HOLDING_VERIFICATION_LEVELS and decision.outcome != REFUSED:
        decision.hold(f"Verification level {customer.verification_level}: transactions wait for the KYC.")
    if decision.outcome == REFUSED:
        decision.condition = ""  # a condition on something refused would read as a permission
    return decision


def _kyc_level(decision: Decision, level: int, operation: str) -> None:
    """Seed 002's services table, from the one place that holds it (``customers.kyc_services``):
    the KYC tab's grid and the card services read the same answer."""
    answer = service_at_level(level, service_of_operation(operation))
    if not answer.allowed:
        decision.refuse(answer.reason)
    elif answer.condition:
        decision.condition = answer.condition


def what_customer_may_do(customer, account=None, *, card=None, accounts=None) -> list[Decision]:
    """The nine operations, in seed 004's order (on ``account``, with ``card``, when given);
    ``accounts``: the customer's accounts when the caller read them already."""
    if account is not None:
        open_accounts = None
    else:
        open_accounts = has_open_accounts(customer) if accounts is None else open_among(accounts)
    return [
        decide(customer, operation, account, open_accounts=open_accounts, card=card)
        for operation in OperationType.values
    ]


def has_open_accounts(customer) -> bool | None:
    """Whether one of the customer's accounts (vaults aside) takes transactions (None: they have
    none yet, which says nothing); one query."""
    from customers.models import Account

    if customer.pk is None:  # a customer not stored (the policy's property tests): no account
        return None
    return open_among(Account.objects.filter(customer=customer).only("kind", "status"))


def open_among(accounts) -> bool | None:
    """Whether one of ``accounts`` takes transactions (None: no account but vaults). A vault only
    holds money aside: it makes no payment, so it keeps no customer "open"."""
    statuses = {account.status for account in accounts if account.kind != AccountKind.VAULT}
    return (AccountStatus.ACTIVE in statuses) if statuses else None


UNDISCLOSED = "Not allowed now: ask compliance."


def as_seen_without_confidential(decisions: list[Decision]) -> list[Decision]:
    """The grid for staff who may not know the confidential restrictions. Which payouts a
    restriction stops tells which restriction it is (a freeze lets SEPA direct debits through, a
    legal freeze does not); so when any confidential reason refuses something, every payout shows
    the same neutral refusal, and no confidential reason is kept."""
    confidential = any(reason.confidential for d in decisions for reason in d.reasons)
    seen = []
    for decision in decisions:
        public = Decision(decision.operation, decision.outcome, [r for r in decision.reasons if not r.confidential])
        public.condition = decision.condition
        if confidential and decision.direction == Direction.PAYOUT:
            public.outcome, public.reasons, public.condition = REFUSED, [Reason(UNDISCLOSED)], ""
        elif decision.outcome == REFUSED and not public.reasons:
            public.reasons = [Reason(UNDISCLOSED)]
        seen.append(public)
    return seen
