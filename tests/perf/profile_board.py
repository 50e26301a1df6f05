"""The profile board with a long history: a customer with 100 000 transactions against one
with ten, through Django (test client, request to response).

    createdb -h 127.0.0.1 -U postgres backoffice_perf_board
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_board \\
        .venv/bin/python tests/perf/profile_board.py [samples]

Use a database of its own: it is migrated and seeded once (two persons, one account each,
10 and 100 000 transactions; then VACUUM ANALYZE); a second run reuses the rows.

For each page (the profile, the Accounts tab loaded by htmx, the account's transactions page 1,
the Cards and SCA devices tabs) it prints the median and
p95 of ``samples`` requests (default 30) for both customers, the queries of one request, and
the ratio. Targets, with PASS / FAIL: the same number of queries for both customers (the
transactions list: at most its bounded count and the planner's estimate more), and the
big customer's median at most 1.5x the small one's (the pages read the latest page, never the
whole history). Then page 21 of the long history, reached by following Next (keyset cursor),
against its page 1.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from customers.demo import ensure_dictionaries  # noqa: E402
from customers.demo_holdings import create_big_statement_account  # noqa: E402
from customers.models import Customer, Transaction  # noqa: E402
from tests.customers.factories import make_person  # noqa: E402
from tests.perf.customers_search import QueryTimer, commit, mark, next_link, signed_in_client, timings  # noqa: E402

HISTORY = {"small": 10, "big": 100_000}
RATIO = 1.5
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "profile-tab"}


def seeded() -> dict[str, Customer]:
    call_command("migrate", verbosity=0)
    ensure_dictionaries()
    customers = {}
    for size, count in HISTORY.items():
        tag = f"perf-board-{size}"
        customer = Customer.objects.filter(user_tag=tag).first()
        if customer is None:
            started = time.perf_counter()
            customer = make_person("Perf", size.title(), user_tag=tag)
            create_big_statement_account(customer, count=count)
            print(f"Seeded {count:,} transactions for {customer} in {time.perf_counter() - started:.1f} s", flush=True)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE customers_transaction")
        customers[size] = customer
    return customers


def pages(customer) -> list[tuple[str, str, dict, int]]:
    """``(label, url, headers, extra queries allowed for the long history)``. A list longer than
    a page adds its bounded count and, past 1,000 rows, the planner's estimate ("more than
    1,000"): two queries, whatever the length."""
    account = customer.accounts.get()
    listing = reverse("customer-account", args=[customer.pk, account.pk])
    return [
        ("Profile (full page)", reverse("customer-profile", args=[customer.pk]), {}, 0),
        ("Accounts tab (htmx)", reverse("customer-tab", args=[customer.pk, "accounts"]), HTMX, 0),
        ("Transactions, page 1", listing, {}, 2),
        ("Cards tab (htmx)", reverse("customer-tab", args=[customer.pk, "cards"]), HTMX, 0),
        ("SCA devices tab (htmx)", reverse("customer-tab", args=[customer.pk, "sca-devices"]), HTMX, 0),
    ]


def measure(client, url, headers, samples):
    def request():
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)

    request()  # the first visit opens the profile on the board (a session write); count the next
    counter = QueryTimer()
    with connection.execute_wrapper(counter):
        request()
    median, p95 = timings(request, samples)
    return median, p95, len(counter.queries)


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    customers = seeded()
    for size, customer in customers.items():
        count = Transaction.objects.filter(account__customer=customer).count()
        print(f"{size}: {customer} (#{customer.pk}) holds {count:,} transactions")
    client, _ = signed_in_client()
    print(f"\n{connection.vendor}, commit {commit()}, {samples} samples a case\n")
    print(f"{'page':32} {'10 tx: median / p95':>22} {'100 000 tx: median / p95':>26} {'queries':>9} {'ratio':>7}")
    failures = 0
    for (label, small_url, small_headers, _), (_, big_url, big_headers, allowance) in zip(
        pages(customers["small"]), pages(customers["big"]), strict=True
    ):
        small = measure(client, small_url, dict(small_headers), samples)
        big = measure(client, big_url, dict(big_headers), samples)
        ratio = big[0] / small[0]
        ok = small[2] <= big[2] <= small[2] + allowance and ratio <= RATIO
        failures += not ok
        print(
            f"{label:32} {small[0]:9.1f} / {small[1]:6.1f} ms {big[0]:12.1f} / {big[1]:6.1f} ms "
            f"{small[2]:>4} / {big[2]:<3} {ratio:5.2f}x {mark(ok)}"
        )
    # A deep page of the long history, reached by following Next (keyset): as cheap as page 1.
    account = customers["big"].accounts.get()
    listing = reverse("customer-account", args=[customers["big"].pk, account.pk])
    first = measure(client, listing, {}, samples)
    url = listing
    for _ in range(20):
        url = f"{listing}?{next_link(client.get(url))}"
    deep = measure(client, url, {}, samples)
    ratio = deep[0] / first[0]
    failures += ratio > RATIO
    print(
        f"{'Transactions, page 21 (cursor)':32} {'page 1:':>8} {first[0]:6.1f} / {first[1]:6.1f} ms "
        f"{deep[0]:12.1f} / {deep[1]:6.1f} ms {first[2]:>4} / {deep[2]:<3} {ratio:5.2f}x {mark(ratio <= RATIO)}"
    )
    verdict = "PASS" if not failures else f"{failures} FAIL"
    print(f"\nTargets: same queries (a list: + its bounded count), median ratio <= {RATIO}x: {verdict}")


if __name__ == "__main__":
    main()
