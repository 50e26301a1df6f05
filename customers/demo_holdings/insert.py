"""Putting the generated holdings into the database by batches, and the ``manage.py demo`` step."""

from __future__ import annotations

import time
from itertools import batched

from django.conf import settings
from django.db import connection, transaction

from backoffice import audit

from ..choices import (
    AccountKind,
    Kind,
    State,
    Status,
)
from ..demo import ACTOR
from ..models import (
    Account,
    Beneficiary,
    Card,
    Customer,
    LegalAgreement,
    LegalAgreementEvent,
    Note,
    Transaction,
)
from .generator import Generator
from .vocabulary import DAY, HISTORY, TRANSACTION_FIELDS


def generate_holdings(customers, *, seed=11, transactions_per_account=(150, 450), batch_size=5000, progress=None):
    """Accounts with their history, cards, beneficiaries, devices… for ``customers``, who must have no
    account yet; returns the number of rows per model. ``progress(done)`` after each chunk of customers."""
    generator = Generator(seed=seed)
    rng, (low, high), counts = generator.rng, transactions_per_account, {}

    def insert(model, rows):
        model.objects.bulk_create(rows, batch_size=batch_size)
        assert not rows or rows[0].pk is not None, "the database must return the ids of bulk inserts"
        counts[model.__name__] = counts.get(model.__name__, 0) + len(rows)

    done, chunk = 0, max(20, min(2000, 40_000 // (low + high)))  # ~40 000 transactions in memory at a time
    for group in batched(customers, chunk):
        with transaction.atomic():
            planned = [(customer, generator.accounts(customer)) for customer in group]
            histories, holders, persons = [], [], [c for c in group if c.kind == Kind.PERSON]
            for customer, pairs in planned:
                for account, empty in pairs:
                    window = min(account.closed_at or generator.now, generator.now) - account.opened_at
                    share = min(1, max(window, DAY) / HISTORY) * (0.3 if account.is_vault else 1)
                    count = max(2, round(rng.randint(low, high) * share))
                    histories.append((account, generator.history(account, count, empty=empty)))
                if customer.kind == Kind.PERSON and len(persons) > 1 and rng.random() < 0.06:  # a joint account
                    other = rng.choice([p for p in persons if p.pk != customer.pk])
                    holders.append(Account.holders.through(account=pairs[0][0], customer=other))
            insert(Account, [account for account, _ in histories])
            counts["Transaction"] = counts.get("Transaction", 0) + _insert_transactions(histories)
            Account.holders.through.objects.bulk_create(holders)
            counts["joint holders"] = counts.get("joint holders", 0) + len(holders)
            cards, others, agreements = [], {}, []
            for customer, pairs in planned:
                cards += generator.cards(customer, [account for account, _ in pairs])
                for model, rows in generator.security(customer).items():
                    others.setdefault(model, []).extend(rows)
                others.setdefault(Beneficiary, []).extend(generator.beneficiaries(customer))
                others.setdefault(Note, []).extend(generator.notes(customer))
                agreements += generator.agreements(customer)
            _fresh_tokens(generator, [card for pair in cards for card in pair if card])
            insert(Card, [card for card, _ in cards])
            for card, new in cards:
                if new:
                    new.replaces = card
            insert(Card, [new for _, new in cards if new])
            for model, rows in others.items():
                insert(model, rows)
            insert(LegalAgreement, [agreement for agreement, _ in agreements])
            for agreement, events in agreements:
                for event in events:
                    event.agreement = agreement
            insert(LegalAgreementEvent, [event for _, events in agreements for event in events])
        done += len(group)
        if progress:
            progress(done)
    return counts


def _fresh_tokens(generator: Generator, cards: list[Card]) -> None:
    """Cards of an earlier run hold some tokens (``--size`` adds to a demo): draw those again."""
    while taken := set(
        Card.objects.filter(public_token__in=[card.public_token for card in cards]).values_list(
            "public_token", flat=True
        )
    ):
        for card in cards:
            if card.public_token in taken:
                card.public_token = generator.public_token()


def create_big_statement_account(customer, *, count=100_000, seed=12) -> Account:
    """An extra current account, "Statement test account", with exactly ``count`` transactions."""
    generator = Generator(seed=seed)
    account = generator.account(customer, AccountKind.CURRENT, "Statement test account")
    account.opened_at = generator.now - 2 * HISTORY
    with transaction.atomic():
        account.save()
        _insert_transactions([(account, generator.history(account, count))])
        account.save(update_fields=["balance", "authorized_balance"])
    return account


def _insert_transactions(histories: list[tuple[Account, list[tuple]]]) -> int:
    """Insert the accounts' transactions; returns how many. Not ``bulk_create``: it spends ~40 µs a row
    preparing values field by field (10 s for the 100 000-row account, most of the demo's time), where
    only dates and amounts need adapting. ``COPY`` on PostgreSQL (``executemany`` there quotes every
    value in Python: 10 times slower), ``executemany`` by batches of 5 000 elsewhere."""
    ops, meta = connection.ops, Transaction._meta
    columns = ", ".join(ops.quote_name(meta.get_field(name).column) for name in TRANSACTION_FIELDS)
    rows, count = ((account.pk, *row) for account, rows in histories for row in rows), 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(TRANSACTION_FIELDS))
        sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        at, day, money = ops.adapt_datetimefield_value, ops.adapt_datefield_value, ops.adapt_decimalfield_value
        for batch in batched(rows, 5000):
            cursor.executemany(sql, [(a, at(b), day(c), money(d, 18, 2), *rest) for a, b, c, d, *rest in batch])
            count += len(batch)
    return count


def _customers_without_accounts():
    ids = list(Customer.objects.filter(accounts__isnull=True).order_by("pk").values_list("pk", flat=True))
    for chunk in batched(ids, 2000):
        yield from Customer.objects.filter(pk__in=chunk).order_by("pk")


def create_demo_holdings(*, stdout, size: int | None = None, customers: int | None = None) -> None:
    """``manage.py demo`` step: holdings for the customers that have none. The plain demo (once) gives
    hundreds of transactions per account and one account of 100 000 for statements; with ``--size``
    the new customers get a few transactions per account, so a million customers stays feasible.
    ``customers`` (the demo's size) changes nothing here: every customer gets holdings."""
    if size is None and Account.objects.exists():
        return
    started, reported = time.monotonic(), [0]

    def progress(done):
        if size and done - reported[0] >= 50_000:
            reported[0] = done
            stdout.write(f"  holdings of {done:,} customers in {time.monotonic() - started:.0f} s")

    per_account = settings.DEMO_TRANSACTIONS_PER_ACCOUNT if size is None else (5, 20)
    counts = generate_holdings(_customers_without_accounts(), transactions_per_account=per_account, progress=progress)
    persons = Customer.objects.filter(kind=Kind.PERSON, status=Status.VALIDATED, state=State.ACTIVE)
    if size is None and (big := persons.order_by("pk").first()):
        long = settings.DEMO_STATEMENT_TRANSACTIONS
        account = create_big_statement_account(big, count=long)
        counts["Account"], counts["Transaction"] = counts.get("Account", 0) + 1, counts.get("Transaction", 0) + long
        stdout.write(f'"{account.name}" ({long:,} transactions) belongs to customer #{big.pk}, {big.display_name}.')
    with transaction.atomic():
        changes = {"accounts": [None, counts.get("Account", 0)]}
        audit.record(action="customers.demo.holdings_generated", actor=ACTOR, changes=changes, reason="demo data")
    summary = ", ".join(f"{number:,} {name}" for name, number in counts.items())
    stdout.write(f"Created demo holdings ({summary}) in {time.monotonic() - started:.1f} s.")
