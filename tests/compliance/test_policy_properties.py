"""Properties of the operations policy (``compliance.policy``) over every combination of lifecycle,
KYC level, verification level, state and freezes, read off DOMAIN.md and the seeds rather than
off the code:

- seed 004: a legal freeze stops every payout, received SEPA direct debits included; an asset
  freeze every payout but those; neither ever stops money coming in. DOMAIN.md: a suspended
  customer makes no outgoing transaction, and a blocked one none either;
- seed 002: at KYC level None the customer only receives, at Refused does nothing, at Light pays
  by no card (the cards are locked); DOMAIN.md: at verification levels 0 and 1 transactions are
  held until the KYC completes, so nothing goes through at once;
- a restriction only ever takes away: adding one never lets through what was refused, nor at once
  what was held;
- DOMAIN.md "never let the customer learn that their assets are frozen": what everyone may see
  (``Decision.public`` and the Operations tab's ``as_seen_without_confidential``) names no
  confidential reason, no freeze, suspension or block, never tells one freeze from the other, and
  never shows an operation as more possible than it is.
"""

import re

from hypothesis import example, given
from hypothesis import strategies as st

import tests.properties  # noqa: F401  (the Hypothesis profile, loaded before any property)
from compliance.policy import ALLOWED, HELD, REFUSED, as_seen_without_confidential, what_customer_may_do
from customers.choices import OPERATION_DIRECTIONS, Direction, KycLevel, OperationType, State, Status
from customers.models import Customer

PAYOUTS = [op for op, direction in OPERATION_DIRECTIONS.items() if direction == Direction.PAYOUT]
PAYINS = [op for op, direction in OPERATION_DIRECTIONS.items() if direction == Direction.PAYIN]
SDDR = OperationType.SDD_RECEIVED
RANK = {REFUSED: 0, HELD: 1, ALLOWED: 2}  # how far an operation goes


def profile(**columns):
    """A customer's columns the policy reads: lifecycle, KYC, verification, state, freezes; any
    of them fixed, or drawn from a narrower strategy, by ``columns``."""
    return st.fixed_dictionaries(
        {
            "status": st.sampled_from(Status.values),
            "kyc_level": st.sampled_from(KycLevel.values),
            "verification_level": st.integers(0, 5),
            "state": st.sampled_from(State.values),
            "is_frozen": st.booleans(),
            "is_legal_frozen": st.booleans(),
            **{name: v if isinstance(v, st.SearchStrategy) else st.just(v) for name, v in columns.items()},
        }
    )


def outcomes(columns: dict) -> dict[str, str]:
    return {d.operation: d.outcome for d in what_customer_may_do(Customer(**columns))}


# --- seed 004 and the state: what stops payouts ------------------------------------------------------


@given(st.one_of(profile(is_legal_frozen=True), profile(state=State.BLOCKED), profile(state=State.SUSPENDED)))
def test_a_legal_freeze_a_block_or_a_suspension_refuses_every_payout(columns):
    assert {outcomes(columns)[op] for op in PAYOUTS} == {REFUSED}


@given(profile(is_frozen=True))
def test_an_asset_freeze_refuses_every_payout_but_received_direct_debits(columns):
    assert {outcomes(columns)[op] for op in PAYOUTS if op != SDDR} == {REFUSED}


UNRESTRICTED = {
    "status": Status.VALIDATED,
    "kyc_level": KycLevel.REGULAR,
    "verification_level": 2,
    "state": State.ACTIVE,
    "is_frozen": False,
    "is_legal_frozen": False,
}


@given(profile(), st.booleans(), st.booleans())
@example(columns=UNRESTRICTED, frozen=True, legally=False)
def test_freezes_never_stop_money_coming_in_nor_an_asset_freeze_a_direct_debit(columns, frozen, legally):
    unfrozen = outcomes({**columns, "is_frozen": False, "is_legal_frozen": False})
    frozen_now = outcomes({**columns, "is_frozen": frozen, "is_legal_frozen": legally})
    assert {op: frozen_now[op] for op in PAYINS} == {op: unfrozen[op] for op in PAYINS}
    if not legally:
        assert frozen_now[SDDR] == unfrozen[SDDR]


# --- seed 002 and the verification level ------------------------------------------------------------


@given(profile())
def test_what_each_kyc_level_leaves(columns):
    seen = outcomes(columns)
    if columns["kyc_level"] == KycLevel.NONE:  # receives funds only
        assert {seen[op] for op in PAYOUTS} == {REFUSED}
    if columns["kyc_level"] == KycLevel.REFUSED:  # nothing
        assert set(seen.values()) == {REFUSED}
    if columns["kyc_level"] == KycLevel.LIGHT:  # the cards are locked
        assert seen[OperationType.CARD_TRANSACTION] == REFUSED


@given(profile(verification_level=st.sampled_from([0, 1])))
def test_at_verification_levels_0_and_1_nothing_goes_through_at_once(columns):
    assert ALLOWED not in outcomes(columns).values()


# --- a restriction only takes away ----------------------------------------------------------------


def restrictions(columns: dict) -> list[dict]:
    """Every single step that restricts the customer further than ``columns``."""
    steps = [{"is_frozen": True}, {"is_legal_frozen": True}, {"status": Status.CANCELED}]
    steps += [{"state": state} for state in (State.SUSPENDED, State.BLOCKED) if state != columns["state"]]
    steps += [{"verification_level": level} for level in (0, 1)]
    # KYC levels from the most to the least service: Strong and Regular, Light, None, Refused.
    ladder = [{KycLevel.STRONG, KycLevel.REGULAR}, {KycLevel.LIGHT}, {KycLevel.NONE}, {KycLevel.REFUSED}]
    rung = next(index for index, levels in enumerate(ladder) if columns["kyc_level"] in levels)
    steps += [{"kyc_level": level} for levels in ladder[rung + 1 :] for level in levels]
    if columns["state"] == State.BLOCKED:
        steps = [step for step in steps if step.get("state") != State.SUSPENDED]
    return [{**columns, **step} for step in steps]


@given(profile())
def test_adding_a_restriction_never_lets_more_through(columns):
    before = outcomes(columns)
    for restricted in restrictions(columns):
        after = outcomes(restricted)
        for op in OperationType.values:
            assert RANK[after[op]] <= RANK[before[op]], (op, columns, restricted)


# --- what everyone sees ----------------------------------------------------------------------------

REVEALING = re.compile(r"freez|frozen|legal|suspend|block", re.IGNORECASE)


@given(profile())
def test_what_everyone_sees_names_no_confidential_reason(columns):
    decisions = what_customer_may_do(Customer(**columns))
    confidential = {reason.text for d in decisions for reason in d.reasons if reason.confidential}
    for public in (d.public() for d in decisions):
        assert not confidential & set(public["reasons"])
        assert not any(REVEALING.search(text) for text in public["reasons"])
    for seen in as_seen_without_confidential(decisions):
        assert not any(reason.confidential for reason in seen.reasons)
        assert not any(REVEALING.search(text) for text in [*(r.text for r in seen.reasons), seen.condition])


@given(profile())
def test_what_everyone_sees_never_tells_one_freeze_from_the_other(columns):
    def seen(frozen: bool, legally: bool) -> list[tuple]:
        decisions = what_customer_may_do(Customer(**{**columns, "is_frozen": frozen, "is_legal_frozen": legally}))
        return [
            (d.operation, d.outcome, [r.text for r in d.reasons], d.condition)
            for d in as_seen_without_confidential(decisions)
        ]

    assert seen(True, False) == seen(False, True) == seen(True, True)


@given(profile())
def test_what_everyone_sees_is_never_more_possible_than_it_is(columns):
    decisions = what_customer_may_do(Customer(**columns))
    for decision, seen in zip(decisions, as_seen_without_confidential(decisions), strict=True):
        assert RANK[seen.outcome] <= RANK[decision.outcome]
        assert RANK[decision.public()["outcome"]] == RANK[decision.outcome]
        if seen.outcome == REFUSED:
            assert seen.reasons, "a refusal says why, or to ask compliance"
