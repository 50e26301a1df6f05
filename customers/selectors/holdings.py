"""Reads of what a customer holds, for the profile board's tabs. Each returns what one tab
shows in a fixed number of queries, whatever the customer holds: lists that can grow without
bound (transactions) are read a page at a time, never whole."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, IntegerField, Manager, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from backoffice.prepared import Prepared

from .. import search
from ..choices import AccountKind, AccountStatus, CardStatus, NoteVisibility, OperationType, TransactionStatus
from ..models import (
    Account,
    ApiKey,
    Beneficiary,
    Card,
    Customer,
    LegalAgreement,
    Note,
    Relationship,
    ScaDevice,
    TopUpCard,
    Transaction,
    TwoFactorMethod,
)

COMPLIANCE_NOTES = "customers.view_compliance_notes"
LATEST_TRANSACTIONS = 10


def count_of(queryset: QuerySet | Manager, link: str = "customer", distinct: str = "") -> Coalesce:
    """A subquery counting ``queryset``'s (or a manager's) rows of the outer row (``OuterRef("pk")``,
    for an annotation), or the ``distinct`` values of a column among them."""
    counter = Count(distinct, distinct=True) if distinct else Count("*")
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=counter).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# --- accounts and transactions ---------------------------------------------------------------


@dataclass
class AccountGroups:
    accounts: list[Account]
    vaults: list[Account]
    held: list[Account]  # accounts of others this customer is an additional holder of


def accounts_of(customer: Customer) -> AccountGroups:
    """The customer's accounts, vaults listed apart (C), and the accounts they co-hold (2 queries)."""
    holders = Prefetch("holders", queryset=Customer.objects.only("id", "kind", "first_name", "last_name", "legal_name"))
    rows = list(
        Account.objects.filter(Q(customer=customer) | Q(holders=customer))
        .select_related("customer")
        .prefetch_related(holders)
        .distinct()
        .order_by("-is_primary", "kind", "id")
    )
    own = [account for account in rows if account.customer_id == customer.pk]
    return AccountGroups(
        accounts=[account for account in own if account.kind != AccountKind.VAULT],
        vaults=[account for account in own if account.kind == AccountKind.VAULT],
        held=[account for account in rows if account.customer_id != customer.pk],
    )


def account_of(customer: Customer, pk: int) -> Account:
    """One account the customer owns or co-holds (404 otherwise)."""
    queryset = Account.objects.filter(Q(customer=customer) | Q(holders=customer)).distinct()
    return get_object_or_404(queryset.select_related("customer"), pk=pk)


def transactions_of(account: Account) -> QuerySet[Transaction]:
    """Newest first; the (account, booked_at, id) index serves the order and the keyset pages."""
    return Transaction.objects.filter(account=account).order_by("-booked_at", "-id")


def latest_transactions(account: Account | None, limit: int = LATEST_TRANSACTIONS) -> list[Transaction]:
    if account is None:
        return []
    return list(transactions_of(account)[:limit])


@dataclass(frozen=True)
class Balance:
    currency: str
    balance: Decimal
    authorized_balance: Decimal
    accounts: int


BALANCES = Prepared(
    lambda customer: (
        Account.objects.filter(customer_id=customer)
        .exclude(status=AccountStatus.CLOSED)
        .values("currency")
        .annotate(balance=Sum("balance"), authorized=Sum("authorized_balance"), accounts=Count("id"))
        .order_by("currency")
    )
)
CARDS_IN_USE = Prepared(
    lambda customer: (
        Card.objects.filter(customer_id=customer)
        .order_by()
        .values("customer_id")
        .annotate(
            active=Count("id", filter=Q(status=CardStatus.ACTIVE)),
            usable=Count("id", filter=Q(status__in=(CardStatus.ACTIVE, CardStatus.INACTIVE, CardStatus.LOCKED))),
        )
        .values("active", "usable")
    )
)


def financial_summary_of(balances: list[dict], cards: list[dict]) -> dict:
    """The financial summary from the rows of ``BALANCES`` and ``CARDS_IN_USE``."""
    return {
        "balances": [Balance(row["currency"], row["balance"], row["authorized"], row["accounts"]) for row in balances],
        "cards": cards[0] if cards else {"active": 0, "usable": 0},
    }


# --- cards, beneficiaries, devices ------------------------------------------------------------


def cards_of(customer: Customer) -> list[Card]:
    """Cards in use first, then the retired ones; with their account and replacement (1 query)."""
    cards = list(Card.objects.filter(customer=customer).select_related("account", "replaced_by", "replaces"))
    for card in cards:
        card.customer = customer  # the commands ask the customer's KYC level: no query per card
    retired = {CardStatus.REPLACED, CardStatus.EXPIRED, CardStatus.LOST, CardStatus.STOLEN, CardStatus.DESTROYED}
    return sorted(cards, key=lambda card: card.status in retired)


def card_of(customer: Customer, pk: int) -> Card:
    return get_object_or_404(Card.objects.select_related("account", "customer"), customer=customer, pk=pk)


def topup_cards_of(customer: Customer) -> list[TopUpCard]:
    """The cards the customer tops up with (unlinked ones are history), with who linked them (1 query)."""
    return list(TopUpCard.objects.filter(customer=customer, unlinked_at__isnull=True).select_related("linked_by"))


def topup_card_of(customer: Customer, pk: int) -> TopUpCard:
    return get_object_or_404(TopUpCard.objects.select_related("customer"), customer=customer, pk=pk)


def cards_shipping_of(customer: Customer) -> list[Card]:
    """The customer's physical cards on their way to the shipping address (ordered or shipped), the
    Addresses tab lists beside it (1 query)."""
    from ..choices import CARD_IN_TRANSIT

    cards = list(
        Card.objects.filter(customer=customer, shipping_status__in=CARD_IN_TRANSIT).order_by("-issued_at", "-id")
    )
    for card in cards:
        card.customer = customer
    return cards


def beneficiaries_of(customer: Customer) -> list[Beneficiary]:
    """By usage (T): the accounts the customer pays most first."""
    return list(Beneficiary.objects.filter(customer=customer).select_related("linked_by"))


def beneficiary_of(customer: Customer, pk: int) -> Beneficiary:
    return get_object_or_404(Beneficiary, customer=customer, pk=pk)


def sca_devices_of(customer: Customer, *, deleted: bool = False) -> list[ScaDevice]:
    return list(
        ScaDevice.objects.filter(customer=customer, deleted_at__isnull=not deleted)
        .select_related("deleted_by")
        .order_by("-deleted_at" if deleted else "-created_at", "-id")
    )


def sca_device_of(customer: Customer, pk: int) -> ScaDevice:
    """One enrolled (not deleted) device of the customer (404 otherwise)."""
    return get_object_or_404(ScaDevice, customer=customer, pk=pk, deleted_at__isnull=True)


# --- notes, access, agreements ----------------------------------------------------------------


def notes_visible_to(user, customer: Customer | None = None) -> QuerySet[Note]:
    """Pinned notes first; compliance-only notes only for those who may read them."""
    notes = Note.objects.select_related("author")
    if customer is not None:
        notes = notes.filter(customer=customer)
    if not user.has_perm(COMPLIANCE_NOTES):
        notes = notes.filter(visibility=NoteVisibility.EVERYONE)
    return notes.order_by("-is_pinned", "-created_at", "-id")


def relationship_of(customer: Customer, pk: int) -> Relationship:
    return get_object_or_404(Relationship.objects.select_related("related", "customer"), customer=customer, pk=pk)


def note_of(user, customer: Customer, pk: int) -> Note:
    return get_object_or_404(notes_visible_to(user, customer), pk=pk)


def access_of(customer: Customer) -> dict:
    """Two-factor methods and API keys (2 queries)."""
    return {
        "two_factor_methods": list(TwoFactorMethod.objects.filter(customer=customer)),
        "api_keys": list(ApiKey.objects.filter(customer=customer)),
    }


def agreements_of(customer: Customer) -> list[LegalAgreement]:
    """Agreements with their approval history (2 queries)."""
    return list(LegalAgreement.objects.filter(customer=customer).prefetch_related("events"))


# --- the toolbar ------------------------------------------------------------------------------


class CountOf:
    """What a toolbar counter counts: the rows of ``queryset`` whose ``link`` is the customer (or
    the ``distinct`` values of a column among them); ``+`` adds two such counts."""

    def __init__(self, queryset: QuerySet | Manager, link: str = "customer", distinct: str = ""):
        self.parts: tuple[tuple[QuerySet | Manager, str, str], ...] = ((queryset, link, distinct),)

    def __add__(self, other: CountOf) -> CountOf:
        total = CountOf.__new__(CountOf)
        total.parts = self.parts + other.parts
        return total

    def sql(self) -> tuple[str, list]:
        """The count as an SQL expression, with ``_CUSTOMER`` standing for the customer's id."""
        pieces, params = [], []
        for queryset, link, distinct in self.parts:
            counter = Count(distinct, distinct=True) if distinct else Count("*")
            counted = queryset.filter(**{link: _CUSTOMER}).order_by().values(link).annotate(n=counter).values("n")
            sql, part_params = counted.query.sql_with_params()
            pieces.append(f"COALESCE(({sql}), 0)")
            params += part_params
        return " + ".join(pieces), params


_CUSTOMER = -7_654_321_987  # a placeholder no customer id can be
_COUNTER_SQL: dict[tuple, tuple[str, list]] = {}


def toolbar_counts(customer: Customer, counters, user) -> dict[str, int]:
    """Every counter of the toolbar in one query of uncorrelated counts, each served by its
    table's customer index (``SELECT (SELECT COUNT(*) … WHERE customer_id = %s), …``).

    Each counter's SQL is compiled by the ORM once per process (and per holding of the permission
    the counter ``varies_with``) and reused with the customer's id: nine correlated subqueries
    compiled on every profile cost 17,000 Python calls, a fifth of the page (issue 17)."""
    if not counters:
        return {}
    sql, params = toolbar_statement(customer.pk, counters, user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return counts_by_key(counters, row)


def toolbar_statement(customer_pk: int, counters, user) -> tuple[str, list]:
    """The toolbar's one query (``toolbar_counts``), to run alone or with others."""
    selects, params = [], []
    for counter in counters:
        key = (counter.key, user.has_perm(counter.varies_with) if counter.varies_with else None)
        if key not in _COUNTER_SQL:
            _COUNTER_SQL[key] = counter.count(user).sql()
        sql, counter_params = _COUNTER_SQL[key]
        selects.append(f"({sql})")
        params += [customer_pk if param == _CUSTOMER else param for param in counter_params]
    return "SELECT " + ", ".join(selects), params


def counts_by_key(counters, row) -> dict[str, int]:
    return {counter.key: row[index] for index, counter in enumerate(counters)}


# The European Economic Area: the EU, Iceland, Liechtenstein and Norway (T "additional vigilance").
EU_COUNTRIES: tuple[str, ...] = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU")
EU_COUNTRIES += ("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
EEA_COUNTRIES = frozenset((*EU_COUNTRIES, "IS", "LI", "NO"))


# Courtesy titles a bank may put before an account holder's name ("M. Zoë Dupont").
_TITLES = frozenset({"m", "mr", "mrs", "ms", "mme", "mlle", "miss", "dr", "herr", "frau", "sr", "sra"})


def _name_words(text: str, *, spelling) -> frozenset[str]:
    """The words of a name, folded (``search.fold`` or ``search.transliterate``), punctuation and
    courtesy titles dropped: "DUPONT, ZOË" and "M. Zoe Dupont" give {"zoe", "dupont"}."""
    words = re.findall(r"\w+", spelling(text))
    return frozenset(word for word in words if word not in _TITLES)


def holds_the_name_of(customer: Customer, counterparty_name: str) -> bool:
    """The counterparty is the customer: the same words (any order) as their legal name or their
    first and last names (with or without middle names), compared folded (accents, case, Köberl
    as Koberl or Koeberl)."""
    names = [customer.legal_name]
    if not customer.is_company:
        names += [f"{customer.first_name} {customer.last_name}"]
        names += [f"{customer.first_name} {customer.middle_names} {customer.last_name}"]
    for spelling in (search.fold, search.transliterate):
        words = _name_words(counterparty_name, spelling=spelling)
        if words and any(words == _name_words(name, spelling=spelling) for name in names if name.strip()):
            return True
    return False


def vigilance_payin_of(customer: Customer) -> Transaction | None:
    """T's vigilance payin (seed 002): the first booked SEPA credit transfer the customer wired
    to one of their accounts from their own bank account in the EEA, i.e. from an IBAN of an EEA
    country, in their name. Never any other credit (an employer's salary, a friend's transfer):
    the refund sends it back to where it came from."""
    received = Transaction.objects.filter(
        account__customer=customer,
        operation_type=OperationType.SCT_RECEIVED,
        status=TransactionStatus.BOOKED,
    ).order_by("booked_at", "id")
    for payin in received.only("id", "booked_at", "amount", "currency", "counterparty_iban", "counterparty_name")[:50]:
        from_the_eea = payin.counterparty_iban[:2].upper() in EEA_COUNTRIES
        if from_the_eea and holds_the_name_of(customer, payin.counterparty_name):
            return payin
    return None


# --- Every customer's holdings: the lists /accounts/, /cards/ and /transactions/ (issue 21) ----


def account_rows(user) -> QuerySet[Account]:
    """Every account of the customers the staff member may see, with its owner."""
    from . import of_visible_customers

    return of_visible_customers(Account.objects.select_related("customer"), user)


def card_rows(user) -> QuerySet[Card]:
    """Every card of the customers the staff member may see, with its owner and account."""
    from . import of_visible_customers

    return of_visible_customers(Card.objects.select_related("customer", "account"), user)


def transaction_rows(user) -> QuerySet[Transaction]:
    """Every transaction on the accounts of the customers the staff member may see."""
    from . import of_visible_customers

    return of_visible_customers(
        Transaction.objects.select_related("account__customer"), user, field="account__customer"
    )


def account_stopped(account: Account):
    """When and by whom a blocked or closed account was so (its audit entry), or None."""
    from backoffice.models import AuditEntry

    if account.status == AccountStatus.ACTIVE:
        return None
    action = "customers.account.closed" if account.status == AccountStatus.CLOSED else "customers.account.blocked"
    entries = AuditEntry.objects.filter(action=action, target_type="customers.account", target_id=str(account.pk))
    return entries.select_related("actor").order_by("-occurred_at", "-pk").first()


def employment_records_of(customer: Customer) -> list:
    from ..models import EmploymentRecord

    return list(EmploymentRecord.objects.filter(customer=customer))


def employment_record_of(customer: Customer, pk: int):
    from ..models import EmploymentRecord

    return get_object_or_404(EmploymentRecord.objects.select_related("customer"), customer=customer, pk=pk)


def metadata_of(customer: Customer) -> list:
    from ..models import CustomerMetadata

    return list(CustomerMetadata.objects.filter(customer=customer))


def metadata_entry_of(customer: Customer, pk: int):
    from ..models import CustomerMetadata

    return get_object_or_404(CustomerMetadata.objects.select_related("customer"), customer=customer, pk=pk)
