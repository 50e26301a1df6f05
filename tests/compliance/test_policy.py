"""The policy function, table by table: seed 004's freeze matrix, seed 002's services by KYC
level, the verification hold, the state and the lifecycle. No database: the function reads the
customer's columns only."""

import pytest

from compliance.policy import ALLOWED, HELD, REFUSED, decide, what_customer_may_do
from customers.models import Customer

CARD = "card_transaction"
W2W_OUT, W2W_IN = "wallet_transfer_emitted", "wallet_transfer_received"
SCT_OUT, SCT_IN = "sct_emitted", "sct_received"
SDD_OUT, SDDR = "sdd_emitted", "sdd_received"
ACQUIRING, CHECK = "card_acquiring", "check_cashing"


def customer(**columns) -> Customer:
    """A validated, identified, unrestricted customer, changed by ``columns``."""
    base = {"status": "VALIDATED", "kyc_level": 2, "kyc_review": 2, "verification_level": 2, "state": "active"}
    return Customer(**{**base, **columns})


# Seed 004 "Blocked operations": (operation, direction, under isFrozen, under IsLegalFrozen).
SEED_004 = [
    (CARD, "payout", REFUSED, REFUSED),
    (W2W_OUT, "payout", REFUSED, REFUSED),
    (W2W_IN, "payin", ALLOWED, ALLOWED),
    (SCT_OUT, "payout", REFUSED, REFUSED),
    (SCT_IN, "payin", ALLOWED, ALLOWED),
    (SDD_OUT, "payin", ALLOWED, ALLOWED),
    (SDDR, "payout", ALLOWED, REFUSED),
    (ACQUIRING, "payin", ALLOWED, ALLOWED),
    (CHECK, "payin", ALLOWED, ALLOWED),
]


@pytest.mark.parametrize(("operation", "direction", "frozen", "legally_frozen"), SEED_004)
def test_seed_004_freeze_matrix(operation, direction, frozen, legally_frozen):
    assert decide(customer(), operation).outcome == ALLOWED
    assert decide(customer(), operation).direction == direction
    assert decide(customer(is_frozen=True), operation).outcome == frozen
    assert decide(customer(is_legal_frozen=True), operation).outcome == legally_frozen
    both = decide(customer(is_frozen=True, is_legal_frozen=True), operation).outcome
    assert both == (REFUSED if REFUSED in (frozen, legally_frozen) else ALLOWED)


def test_the_nine_operations_in_seed_order():
    assert [d.operation for d in what_customer_may_do(customer())] == [row[0] for row in SEED_004]


# Seed 002 "Services availability" per KYC level; "send" covers every payout, "receive" every payin.
PAYOUTS = [CARD, W2W_OUT, SCT_OUT, SDDR]
PAYINS = [W2W_IN, SCT_IN, SDD_OUT, ACQUIRING, CHECK]
KYC_LEVELS = [
    # level, payins, card payments, other payouts
    (0, ALLOWED, REFUSED, REFUSED),  # NONE: receive funds and request a review only
    (1, ALLOWED, REFUSED, ALLOWED),  # LIGHT: cards locked, payouts only to take the money out
    (2, ALLOWED, ALLOWED, ALLOWED),  # REGULAR
    (3, ALLOWED, ALLOWED, ALLOWED),  # STRONG
    (4, REFUSED, REFUSED, REFUSED),  # REFUSED: nothing
]


@pytest.mark.parametrize(("level", "payins", "cards", "payouts"), KYC_LEVELS)
def test_seed_002_services_by_kyc_level(level, payins, cards, payouts):
    person = customer(kyc_level=level)
    assert {decide(person, op).outcome for op in PAYINS} == {payins}
    assert decide(person, CARD).outcome == cards
    assert {decide(person, op).outcome for op in PAYOUTS if op != CARD} == {payouts}


def test_light_payouts_carry_their_condition():
    decision = decide(customer(kyc_level=1), SCT_OUT)
    assert decision.allowed and decision.condition.startswith("KYC level Light: only to take the balance out")
    assert decide(customer(kyc_level=1), CARD).full()["reasons"] == ["KYC level Light: the cards are locked."]


@pytest.mark.parametrize("level", [0, 1])
def test_verification_levels_0_and_1_hold_transactions(level):
    person = customer(verification_level=level)
    assert {decide(person, op).outcome for op in PAYINS + PAYOUTS} == {HELD}
    assert decide(person, SCT_IN).full()["reasons"] == [f"Verification level {level}: transactions wait for the KYC."]


def test_a_refusal_wins_over_a_hold():
    assert decide(customer(verification_level=0, is_frozen=True), SCT_OUT).outcome == REFUSED


@pytest.mark.parametrize(
    ("state", "payins", "payouts"),
    [("active", ALLOWED, ALLOWED), ("suspended", ALLOWED, REFUSED), ("blocked", REFUSED, REFUSED)],
)
def test_the_state(state, payins, payouts):
    person = customer(state=state)
    assert {decide(person, op).outcome for op in PAYINS} == {payins}
    assert {decide(person, op).outcome for op in PAYOUTS} == {payouts}


def test_a_deactivated_customer_does_nothing():
    assert {d.outcome for d in what_customer_may_do(customer(status="CANCELED"))} == {REFUSED}


def test_confidential_reasons_never_reach_the_public_view():
    decision = decide(customer(is_frozen=True, is_legal_frozen=True, state="suspended"), SCT_OUT)
    assert decision.public() == {
        "operation": SCT_OUT,
        "direction": "payout",
        "allowed": False,
        "outcome": REFUSED,
        "reasons": [],
    }
    assert len(decision.full()["reasons"]) == 3
    light = decide(customer(kyc_level=0, is_frozen=True), SCT_OUT).public()
    assert light["reasons"] == ["KYC level None: the customer only receives funds until a review validates them."]
