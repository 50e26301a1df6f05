"""Customers on a big table: seeding, the omnibox, the lists and the profile.

    createdb -h 127.0.0.1 -U postgres backoffice_perf_customers
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/customers_search.py [customers]
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

from customers.demo import ensure_dictionaries, generate_customers  # noqa: E402
from customers.models import Customer  # noqa: E402


def seed(target):
    call_command("migrate", verbosity=0)
    ensure_dictionaries()
    have = Customer.objects.count()
    if have >= target:
        print(f"Reusing {have:,} customers (wanted {target:,}).", flush=True)
        return
    missing = target - have

    def progress(done, seconds):
        if done % 50_000 == 0 or done == missing:
            print(f"  {have + done:,} customers, {seconds:.0f} s, {done / max(seconds, 1e-9):,.0f}/s", flush=True)

    print(f"Seeding {missing:,} customers (have {have:,}) ...", flush=True)
    started = time.perf_counter()
    generate_customers(missing, progress=progress)
    seconds = time.perf_counter() - started
    print(f"Seeded {missing:,} customers in {seconds:.0f} s ({missing / seconds:,.0f} customers/s).", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s.", flush=True)


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is migrated and filled).")
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed(target)


if __name__ == "__main__":
    main()
