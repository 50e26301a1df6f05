"""The omnibox finds a customer by what they hold (issue 21; Treezor's search by wallet, card and
beneficiary): a whole IBAN (of an account they own or co-hold, or of a beneficiary), an IBAN's
country and last four digits ("FR 0189", "FR…0189"), an account number, a card's last four digits
with its expiry ("4242 06/28"), a card's public token (T ``publicToken``, 9 digits) and a wallet id
(T ``walletId``).

Each is an index lookup in the holding's table, written into the omnibox's one query as
``pk IN (…)``; which holding matched is read in the same query (``Reference.matched``), for the
suggestion to say it. A query that is an account number may also be a customer id: both are
looked for; 9 digits may also be a card's public token: the three are looked for.

A wallet (T) is an account here, and its id is the account's id: typed alone, "123" is the
customer 123, so a wallet id is typed as the panel shows it, "W123" (or "wallet 123"). The IBAN
shown back is masked as the viewer sees IBANs (``masking.masked_iban``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Right
from stdnum import iban

from .masking import masked_iban, masked_last4
from .models import Account, Beneficiary, Card
from .models.holdings import wallet_reference

IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
IBAN_TAIL = re.compile(r"([A-Z]{2})\s*(?:[.*•…]+|X+)?\s*([0-9]{4})")
ACCOUNT_NUMBER = re.compile(r"[0-9]{8,34}")
CARD = re.compile(r"([0-9]{4})\s+(0?[1-9]|1[0-2])\s*/\s*([0-9]{2}|[0-9]{4})")
PUBLIC_TOKEN = re.compile(r"[0-9]{9}")
# "W123", "wallet 123", "wallet id #123", "walletId 123" (upper-cased): at most 18 digits, a bigint.
WALLET = re.compile(r"(?:W|WALLET\s*(?:ID)?)\s*#?\s*([0-9]{1,18})")


@dataclass(frozen=True)
class Reference:
    """What a query names of a holding: the customers it finds and which holding matched."""

    condition: Q
    matched: Case  # the group a found customer's suggestion shows ("Account IBAN", "Card"…)
    shown: str  # the query as the suggestion shows it, unmasked: masked by ``shown_to``
    iban: bool = False
    with_words: bool = False  # also searched as words (an account number may be a customer id)

    def shown_to(self, user) -> str:
        return masked_iban(self.shown, user) if self.iban else self.shown


def reference(query: str) -> Reference | None:
    """The holding ``query`` names, if it reads as one."""
    text = query.strip().upper()
    compact = re.sub(r"\s+", "", text)
    if IBAN.fullmatch(compact) and iban.is_valid(compact):  # not a prefix typed on the way
        return _whole_iban(compact)
    if match := IBAN_TAIL.fullmatch(text):
        country, digits = match.groups()
        accounts = Account.objects.annotate(tail=Right("iban", 4)).filter(tail=digits, iban__startswith=country)
        found = _owners_or_holders(accounts)
        return Reference(found, _label(found, "Account IBAN"), f"{country}•• •••• {digits}")
    if match := WALLET.fullmatch(text):
        account_id = int(match.group(1))
        found = _owners_or_holders(Account.objects.filter(pk=account_id))
        return Reference(found, _label(found, "Wallet id"), wallet_reference(account_id), with_words=True)
    if ACCOUNT_NUMBER.fullmatch(compact):
        found = _owners_or_holders(Account.objects.filter(number=compact))
        if not PUBLIC_TOKEN.fullmatch(compact):
            return Reference(found, _label(found, "Account number"), compact, with_words=True)
        tokens = _ids(Card.objects.filter(public_token=compact).values("customer_id"))
        matched = Case(
            When(found, then=Value("Account number")),
            When(tokens, then=Value("Card public token")),
            default=Value(""),
            output_field=CharField(),
        )
        return Reference(found | tokens, matched, compact, with_words=True)
    if match := CARD.fullmatch(text):
        last4, month, year = match.groups()
        year_full = int(year) + 2000 if len(year) == 2 else int(year)
        cards = Card.objects.annotate(tail=Right("masked_pan", 4)).filter(
            tail=last4, expiry_month=int(month), expiry_year=year_full
        )
        found = _ids(cards.values("customer_id"))
        return Reference(found, _label(found, "Card"), f"{masked_last4(last4)} {int(month):02d}/{year_full % 100:02d}")
    return None


def _whole_iban(number: str) -> Reference:
    accounts = _owners_or_holders(Account.objects.filter(iban=number))
    beneficiaries = _ids(Beneficiary.objects.filter(iban=number).values("customer_id"))
    matched = Case(
        When(accounts, then=Value("Account IBAN")),
        default=Value("Beneficiary IBAN"),
        output_field=CharField(),
    )
    return Reference(accounts | beneficiaries, matched, number, iban=True)


def lookup_refusal(user, query: str, *, where: str) -> str | None:
    """Why ``query`` may not be looked up now: a whole IBAN looked up by a masked viewer past the
    limit (``services.iban_lookups``, which audits each). Every search of customers asks."""
    from .services.iban_lookups import iban_lookup_refusal

    held = reference(query)
    if held is None or not held.iban:
        return None
    return iban_lookup_refusal(user, held.shown, where=where)


def _owners_or_holders(accounts) -> Q:
    holders = Account.holders.through.objects.filter(account__in=accounts.values("pk")).values("customer_id")
    return _ids(accounts.values("customer_id")) | _ids(holders)


def _ids(customer_ids) -> Q:
    """The customers whose id a subquery gives. On PostgreSQL as ``id = ANY(ARRAY(…))``: the
    subquery runs once and the primary key's index reads its few ids; ``id IN (SELECT …)`` beside
    the newest-first order was checked row by row down the creation date's index (a million
    customers read for one IBAN: tests/perf/omnibox_holdings.py)."""
    customer_ids = customer_ids.order_by()  # no model ordering inside
    if connection.vendor != "postgresql":
        return Q(pk__in=customer_ids)
    from django.contrib.postgres.expressions import ArraySubquery

    from .search import _AnyOf

    return Q(_AnyOf(F("pk"), ArraySubquery(customer_ids)))


def _label(condition: Q, label: str) -> Case:
    return Case(When(condition, then=Value(label)), default=Value(""), output_field=CharField())
