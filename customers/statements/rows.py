"""What a statement holds: per account, the opening balance, every booked transaction of the
period in order with the running balance, the totals and the closing balance. Rows stream from
the database (``iterator()``, or page by page on SQLite): memory stays flat however long the
period."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..choices import Direction, TransactionStatus
from ..masking import masked_iban
from ..models import Account, Address, Customer, StatementExport, Transaction

CHUNK = 2000
ZERO = Decimal("0.00")
SIGNED = Case(
    When(direction=Direction.PAYIN, then=F("amount")),
    default=-F("amount"),
    output_field=DecimalField(max_digits=18, decimal_places=2),
)


# What ``Section.queryset`` yields: booked at, value date, label, counterparty, amount (unsigned),
# direction, currency.
Row = tuple[datetime, date, str, str, Decimal, str, str]
ROW_FIELDS = ("booked_at", "value_date", "label", "counterparty_name", "amount", "direction", "currency")


@dataclass
class Line:
    booked_at: datetime
    value_date: date
    label: str
    counterparty: str
    amount: Decimal  # signed: a payout is negative
    currency: str
    balance: Decimal


@dataclass
class Section:
    """One account's part of the statement. ``lines()`` may be read once; the totals and the
    closing balance are complete once it is exhausted."""

    account: Account
    opening: Decimal
    count: int
    queryset: QuerySet[Transaction, Row]
    period: QuerySet[Transaction]  # the transactions of the period, for SQL-side writers
    iban: str = ""  # as the requester may see it (support agents: masked), or the account number
    credits: Decimal = ZERO
    debits: Decimal = ZERO
    closing: Decimal = ZERO
    done: bool = field(default=False)

    def lines(self) -> Iterator[Line]:
        balance = self.opening
        for row in self.rows():
            booked_at, value_date, label, counterparty, amount, direction, currency = row
            signed = amount if direction == Direction.PAYIN else -amount
            balance += signed
            if signed > 0:
                self.credits += signed
            else:
                self.debits += -signed
            yield Line(booked_at, value_date, label, counterparty, signed, currency, balance)
        self.closing, self.done = balance, True

    def rows(self) -> Iterator[Row]:
        """The period's rows in order. PostgreSQL streams them through one cursor. SQLite reads
        them page by page (keyset on booked at, id; the index serves it), each page read whole:
        a cursor left open holds a read snapshot, and once another connection has written (the
        job's heartbeat, the page polling its progress) SQLite refuses this connection's next
        progress write ("database is locked")."""
        if connection.vendor != "sqlite":
            yield from self.queryset.iterator(chunk_size=CHUNK)
            return
        page = self.period
        while True:
            rows = list(page.values_list(*ROW_FIELDS, "id")[:CHUNK])
            for *row, _ in rows:
                yield tuple(row)
            if len(rows) < CHUNK:
                return
            last_booked, last_id = rows[-1][0], rows[-1][-1]
            page = self.period.filter(booked_at__gte=last_booked).filter(
                Q(booked_at__gt=last_booked) | Q(id__gt=last_id)
            )


@dataclass
class Statement:
    customer: Customer
    address: str
    start: date
    end: date
    sections: list[Section]

    @property
    def total_rows(self) -> int:
        return sum(section.count for section in self.sections)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def statement_for(job: StatementExport) -> Statement:
    customer = job.customer
    accounts = Account.objects.filter(customer=customer).order_by("-is_primary", "kind", "id")
    if job.account_ids:
        accounts = accounts.filter(pk__in=job.account_ids)
    since, until = _bounds(job.start_date, job.end_date)
    sections = []
    for account in accounts:
        booked = Transaction.objects.filter(account=account, status=TransactionStatus.BOOKED)
        if job.currency_list:
            booked = booked.filter(currency__in=job.currency_list)
        after_start = booked.filter(booked_at__gte=since).aggregate(total=Coalesce(Sum(SIGNED), Value(ZERO)))
        period = booked.filter(booked_at__gte=since, booked_at__lt=until).order_by("booked_at", "id")
        sections.append(
            Section(
                account=account,
                opening=account.balance - after_start["total"],
                count=period.count(),
                period=period,
                iban=masked_iban(account.iban, job.requested_by) if account.iban else account.number,
                queryset=period.values_list(*ROW_FIELDS),
            )
        )
    legal = Address.objects.filter(customer=customer, kind="legal").first()
    address = (
        ", ".join(p for p in (legal.line1, legal.line2, f"{legal.postcode} {legal.city}".strip()) if p) if legal else ""
    )
    if legal and legal.country:
        address = f"{address}, {legal.country.name}"
    return Statement(customer=customer, address=address, start=job.start_date, end=job.end_date, sections=sections)
