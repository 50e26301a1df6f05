"""The omnibox finding a customer by what they hold (issue 21), at a million customers and five
million transactions: its one query's time for each kind of holding reference, against a name.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/omnibox_holdings.py [samples]

Uses the database of tests/perf/customers_search.py (seed it first: 1,000,000 customers), migrated,
and tops it up once, in SQL, with what the customers hold: an account each (an IBAN of its
country's length from the customer's id, an 11-digit number), a card each on it (the last four
digits cycling over 10,000, expiries over four years, a public token from the account's id), a
beneficiary for every third customer (another customer's IBAN) and 5,000,000 transactions spread
over the accounts. Rows it adds are marked (account numbers from 5, IBANs "…HOLD…" free) so a
second run adds nothing.

For each case: the median and p95 of ``samples`` calls (default 30) of
``customers.selectors.find_customers`` (the omnibox's and the search page's read: one query), the
rows found, and the indexes PostgreSQL used (``EXPLAIN ANALYZE``). Target: p95 <= 20 ms.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from stdnum import iban  # noqa: E402

from backoffice.models import StaffUser  # noqa: E402
from backoffice.roles import COMPLIANCE_OFFICER, SUPPORT_AGENT  # noqa: E402
from customers import selectors  # noqa: E402
from customers.choices import Status  # noqa: E402
from customers.models import Account, Beneficiary, Customer  # noqa: E402
from tests.perf.customers_search import timings  # noqa: E402

TARGET_MS = 20
TRANSACTIONS = 5_000_000
NUMBER_BASE = 50_000_000_000  # the accounts this script adds are numbered from here


def top_up() -> None:
    """An account and a card per customer, a beneficiary for every third, five million
    transactions: once (the accounts numbered from NUMBER_BASE say it was done)."""
    if Account.objects.filter(number__startswith="5").exists():
        print("Reusing the holdings of an earlier run.", flush=True)
        return
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:  # all or nothing: a second run sees either
        cursor.execute(
            """
            INSERT INTO customers_account (customer_id, number, iban, bic, currency, kind, name, tag, status,
                balance, authorized_balance, is_primary, opened_at)
            SELECT c.id, (%s + c.id)::text,
                   'FR76' || lpad(c.id::text, 23, '0'), 'AGRIFRPPXXX', 'EUR', 'current', 'Main account', '',
                   'active', CASE WHEN c.status = %s THEN 0 ELSE c.id %% 5000 END,
                   CASE WHEN c.status = %s THEN 0 ELSE c.id %% 5000 END,
                   primaries.customer_id IS NULL, c.created_at
            FROM customers_customer c
            -- Joined once, before the insert: a subquery per row would rescan the growing table.
            LEFT JOIN (SELECT DISTINCT customer_id FROM customers_account WHERE is_primary) primaries
                ON primaries.customer_id = c.id
            """,
            [NUMBER_BASE, Status.CANCELED, Status.CANCELED],  # a deactivated customer's accounts stay at 0
        )
        print(f"  accounts: {cursor.rowcount:,}  {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute(
            """
            INSERT INTO customers_card (customer_id, account_id, kind, masked_pan, expiry_month, expiry_year,
                embossed_name, status, status_reason, issued_at, status_changed_at, public_token,
                shipping_status, shipping_method, shipped_at)
            SELECT a.customer_id, a.id, 'physical', '5350 43•• •••• ' || lpad((a.customer_id % 10000)::text, 4, '0'),
                   1 + a.customer_id % 12, 2026 + a.customer_id % 4, 'CARD HOLDER', 'active', '',
                   a.opened_at, a.opened_at,
                   -- 9 digits, one per account (7919 is prime to 900,000,000: no two ids share one)
                   (100000000 + (a.id * 7919) % 900000000)::text,
                   'delivered', 'standard', a.opened_at::date
            FROM customers_account a WHERE a.number LIKE '5%'
            ON CONFLICT (public_token) DO NOTHING  -- a token the demo's random draw took first
            """
        )
        print(f"  cards: {cursor.rowcount:,}  {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute(
            """
            INSERT INTO customers_beneficiary (customer_id, name, nickname, iban, bic, status, usage_count, created_at)
            SELECT c.id, 'Payee', '', 'FR76' || lpad((c.id + 1)::text, 23, '0'), '', 'activated', 0, c.created_at
            FROM customers_customer c WHERE c.id % 3 = 0
            """
        )
        print(f"  beneficiaries: {cursor.rowcount:,}  {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute("SELECT min(id), max(id) FROM customers_account WHERE number LIKE '5%'")
        low, high = cursor.fetchone()
        cursor.execute(
            """
            INSERT INTO customers_transaction (account_id, booked_at, value_date, amount, currency, direction,
                operation_type, status, label, counterparty_name, counterparty_iban, reference)
            SELECT %s + n %% (%s - %s + 1), now() - make_interval(mins => n),
                   (now() - make_interval(mins => n))::date,
                   1 + n %% 500, 'EUR', CASE WHEN n %% 3 = 0 THEN 'payin' ELSE 'payout' END,
                   CASE WHEN n %% 3 = 0 THEN 'sct_received' ELSE 'card_transaction' END, 'booked',
                   'Operation ' || n, 'Shop', '', ''
            FROM generate_series(1, %s) AS n
            """,
            [low, high, low, TRANSACTIONS],
        )
        print(f"  transactions: {cursor.rowcount:,}  {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        for table in ("account", "card", "beneficiary", "transaction"):
            cursor.execute(f"VACUUM ANALYZE customers_{table}")
    print(f"Topped up in {time.perf_counter() - started:.0f} s.", flush=True)


def indexes_used(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)", plan)
    used = sorted({name for pair in found for name in pair if name})
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return f"{', '.join(used) or 'no index'}; execution {execution.group(1) if execution else '?'} ms"


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database of tests/perf/customers_search.py.")
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    call_command("migrate", verbosity=0)
    top_up()
    agent = StaffUser.objects.filter(groups__name=SUPPORT_AGENT, is_active=True).first()
    if agent is None:
        agent = StaffUser.objects.create_user("perf-omnibox-agent", password="unused-perf-password")
        from django.contrib.auth.models import Group

        agent.groups.add(Group.objects.get(name=SUPPORT_AGENT))
    # Whole IBANs are looked up as an officer who sees them whole: a support agent's are audited and
    # refused past 30 an hour (customers.services.iban_lookups), which 30 samples would reach.
    officer = StaffUser.objects.filter(groups__name=COMPLIANCE_OFFICER, is_active=True).first()
    if officer is None:
        officer = StaffUser.objects.create_user("perf-omnibox-officer", password="unused-perf-password")
        from django.contrib.auth.models import Group

        officer.groups.add(Group.objects.get(name=COMPLIANCE_OFFICER))
    someone = Customer.objects.order_by("pk")[500_000 if Customer.objects.count() > 600_000 else 1]
    account = Account.objects.filter(customer=someone, number__startswith="5").first()
    paid = Customer.objects.filter(pk=someone.pk + 1).first()
    beneficiary_iban = f"FR76{(paid.pk if paid else 3):023d}"
    # The top-up's IBANs carry "76" for check digits: the two looked up get valid ones (the omnibox
    # takes a whole IBAN only when it is valid).
    valid = iban.compact(beneficiary_iban[:2] + iban.calc_check_digits(beneficiary_iban) + beneficiary_iban[4:])
    Beneficiary.objects.filter(iban=beneficiary_iban).update(iban=valid)
    beneficiary_iban = valid
    Account.objects.filter(pk=account.pk).update(
        iban=account.iban[:2] + iban.calc_check_digits(account.iban) + account.iban[4:]
    )
    account.refresh_from_db()
    card = someone.cards.order_by("pk").last()
    cases = [
        ("whole IBAN (an account)", account.iban),
        ("whole IBAN (a beneficiary's, paid by every third customer)", beneficiary_iban),
        ("country and last four digits", f"FR {account.iban[-4:]}"),
        ("account number", account.number),
        ("card: last four and expiry", f"{card.masked_pan[-4:]} {card.expiry_month:02d}/{card.expiry_year % 100:02d}"),
        ("card: public token (9 digits: also an account number, a customer id)", card.public_token),
        ("wallet id", account.wallet_id),
        ("wallet id, in words", f"wallet {account.pk}"),
        ("customer id (for comparison)", str(someone.pk)),
        ("a surname (for comparison)", someone.last_name or someone.legal_name),
    ]
    print(f"\n{Customer.objects.count():,} customers; times of find_customers in ms ({samples} samples):")
    print("| case | query | found | queries | p50 | p95 | indexes, execution |")
    print("|---|---|---|---|---|---|---|")
    failed = False
    for label, query in cases:
        viewer = officer if label.startswith("whole IBAN") else agent
        selectors.find_customers(viewer, query)
        with CaptureQueriesContext(connection) as captured:
            results = selectors.find_customers(viewer, query)
        p50, p95 = timings(lambda query=query, viewer=viewer: selectors.find_customers(viewer, query), samples)
        found = sum(len(rows) for _group, rows in results.groups)
        plan = indexes_used(captured.captured_queries[-1]["sql"])
        failed |= p95 > TARGET_MS
        print(f"| {label} | `{query}` | {found} | {len(captured)} | {p50:.1f} | {p95:.1f} | {plan} |")
    print(f"\n[{'FAIL' if failed else 'PASS'}] every case p95 <= {TARGET_MS} ms")


if __name__ == "__main__":
    main()
