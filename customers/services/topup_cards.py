"""Top-up cards (C "saved top-up cards"): a card from another bank the customer uses to top up
their account, linked by hand by a staff member (S "manually link an external card") and
unlinked.

A card number is never stored, audited or handed to a service whole: the form checks it
(``card_number_problem``, ``brand_of``) and gives the service its first six and last four digits
only (``masked_pan``), as the card processor gives ours. The same card linked twice is recognised
by those digits and the expiry."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from backoffice import audit
from backoffice.errors import DomainError

from ..models import Customer, TopUpCard
from .common import require_open_customer
from .prospects import prospect_refusal

MIN_DIGITS, MAX_DIGITS = 12, 19
LONGEST_VALIDITY_YEARS = 20  # a later expiry is a typing mistake
MASKED_PAN = re.compile(r"[0-9]{4} [0-9]{2}•• •••• [0-9]{4}")

# Brands by their issuer identification number (the first digits), the most specific first;
# (first, last) are inclusive prefixes of the same length.
BRAND_RANGES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("American Express", (("34", "34"), ("37", "37"))),
    ("Diners Club", (("300", "305"), ("36", "36"), ("38", "39"))),
    ("JCB", (("3528", "3589"),)),
    ("Discover", (("6011", "6011"), ("644", "649"), ("65", "65"))),
    ("UnionPay", (("62", "62"),)),
    ("Mastercard", (("51", "55"), ("2221", "2720"))),
    ("Maestro", (("50", "50"), ("56", "58"), ("6304", "6304"), ("67", "67"))),
    ("Visa", (("4", "4"),)),
)
BRANDS = tuple(name for name, _ in sorted(BRAND_RANGES, key=lambda pair: pair[0]))
ALREADY_LINKED = "This card is linked to the customer already ({card}, expires {expiry})."


def card_digits(value: str) -> str:
    """The digits of a typed card number; spaces and hyphens between groups are fine."""
    return re.sub(r"[\s-]+", "", value or "")


def card_number_problem(digits: str) -> str | None:
    """What is wrong with a card number (its digits), in words for a support agent; None if none."""
    if not digits.isascii() or not digits.isdigit():
        return "Type the card number in digits only (spaces between groups are fine)."
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return f"A card number has {MIN_DIGITS} to {MAX_DIGITS} digits; this one has {len(digits)}."
    if not luhn.is_valid(digits):
        return "This card number is not valid: its last digit does not match the others. Check each digit."
    return None


def brand_of(digits: str) -> str:
    """The brand a card number's first digits name, or "" when they name none we know."""
    for name, ranges in BRAND_RANGES:
        for first, last in ranges:
            prefix = digits[: len(first)]
            if len(prefix) == len(first) and first <= prefix <= last:
                return name
    return ""


def masked_pan(digits: str) -> str:
    """First six and last four digits, as a card processor returns them: ``4970 10•• •••• 1234``."""
    return f"{digits[:4]} {digits[4:6]}•• •••• {digits[-4:]}"


def expiry_problem(month: int, year: int, *, today: date | None = None) -> str | None:
    """A card works until the end of its expiry month: one that ended is refused, as is a year
    further than any card is valid."""
    today = today or timezone.localdate()
    if (year, month) < (today.year, today.month):
        return f"This card expired at the end of {month:02d}/{year % 100:02d}: ask the customer for a valid card."
    if year > today.year + LONGEST_VALIDITY_YEARS:
        return f"No card is valid until {year}: check the expiry date."
    return None


def _expiry(month: int, year: int) -> str:
    return f"{month:02d}/{year % 100:02d}"


@transaction.atomic
def link_topup_card(
    *, actor, customer: Customer, brand: str, masked_pan: str, expiry_month: int, expiry_year: int, holder_name: str
) -> TopUpCard:
    """A card from another bank the customer tops up with, linked by ``actor`` (S "manually link
    an external card"). Given the masked number only (``masked_pan``); refused for a deactivated
    customer, an expired card and a card linked already (same first six, last four and expiry)."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    require_open_customer(customer, "linking a card")
    if refusal := prospect_refusal(customer, doing="linking a card they top up with"):
        raise DomainError(refusal)
    if not MASKED_PAN.fullmatch(masked_pan):
        raise DomainError("Only the first six and last four digits of a card are kept.", field="number")
    if brand not in BRANDS:
        raise DomainError("Choose the card's brand.", field="brand")
    if problem := expiry_problem(expiry_month, expiry_year):
        raise DomainError(problem, field="expiry")
    holder_name = " ".join(holder_name.split())
    if not holder_name:
        raise DomainError("Give the name printed on the card.", field="holder_name")
    linked = TopUpCard.objects.filter(
        customer=customer,
        masked_pan=masked_pan,
        expiry_month=expiry_month,
        expiry_year=expiry_year,
        unlinked_at__isnull=True,
    )
    if linked.exists():
        raise DomainError(
            ALREADY_LINKED.format(card=masked_pan, expiry=_expiry(expiry_month, expiry_year)), field="number"
        )
    card = TopUpCard.objects.create(
        customer=customer,
        brand=brand,
        masked_pan=masked_pan,
        expiry_month=expiry_month,
        expiry_year=expiry_year,
        holder_name=holder_name,
        linked_by=actor,
    )
    audit.record(
        action="customers.topup_card.linked",
        actor=actor,
        customer_id=customer.pk,
        target=card,
        changes={
            "brand": [None, brand],
            "masked_pan": [None, masked_pan],
            "expiry": [None, _expiry(expiry_month, expiry_year)],
            "holder_name": [None, holder_name],
        },
    )
    return card


def link_refusal(customer: Customer) -> str | None:
    """A deactivated customer links nothing; a prospect tops up nothing until they are an active
    customer (``prospects``: money moves only for someone whose identity is known)."""
    if customer.is_deactivated:
        return "This customer is deactivated: linking a card is no longer possible."
    return prospect_refusal(customer, doing="linking a card they top up with")


def unlink_refusal(card: TopUpCard) -> str | None:
    if card.unlinked_at is not None:
        return "This card is unlinked already."
    return None


@transaction.atomic
def unlink_topup_card(*, actor, card: TopUpCard, reason: str) -> TopUpCard:
    """The customer can no longer top up with ``card``; the row stays, for the history."""
    customer = Customer.objects.select_for_update().get(pk=card.customer_id)
    card = TopUpCard.objects.select_for_update().get(pk=card.pk)
    require_open_customer(customer, "unlinking a card")
    if refusal := unlink_refusal(card):
        raise DomainError(refusal)
    card.unlinked_at, card.unlinked_by = timezone.now(), actor
    card.save(update_fields=["unlinked_at", "unlinked_by"])
    audit.record(
        action="customers.topup_card.unlinked",
        actor=actor,
        customer_id=card.customer_id,
        target=card,
        changes={"linked": [True, False]},
        reason=reason,
    )
    return card
