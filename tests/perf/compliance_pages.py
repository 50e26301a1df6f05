"""The compliance pages on a million customers: the restricted customers' list (a few hundred
restricted among a million), the Compliance and Operations tabs, and the payment systems'
endpoint, through Django (test client, request to response).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/compliance_pages.py [samples]

Use the database of ``tests/perf/customers_search.py``. Restrictions are added once (300 frozen,
50 legally frozen, the demo's suspended and blocked ones), through the services.
Target, with PASS / FAIL: a median under 150 ms for each page.
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
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from backoffice.audit import SystemActor  # noqa: E402
from compliance.services.client_systems import issue_key  # noqa: E402
from compliance.services.restrictions import freeze_assets, set_legal_freeze  # noqa: E402
from customers.models import Customer  # noqa: E402
from tests.perf.customers_search import QueryTimer, mark, timings  # noqa: E402
from tests.perf.kyc_queues import compliance_client  # noqa: E402

TARGET_MS = 150
PERF = SystemActor("perf")


def seed() -> Customer:
    call_command("migrate", verbosity=0)
    if not Customer.objects.filter(is_frozen=True).exists():
        started = time.perf_counter()
        ids = list(Customer.objects.filter(status="VALIDATED", state="active").values_list("pk", flat=True)[:300])
        for index, pk in enumerate(ids):
            with transaction.atomic():
                customer = Customer.objects.get(pk=pk)
                freeze_assets(actor=PERF, customer=customer, comment="perf")
                if index < 50:
                    set_legal_freeze(actor=PERF, customer=customer, comment="perf")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE customers_customer")
        print(f"Froze 300 customers in {time.perf_counter() - started:.1f} s", flush=True)
    return Customer.objects.filter(is_frozen=True).order_by("pk").first()


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    customer = seed()
    client = compliance_client()
    key = issue_key(actor=PERF, name="perf-processor")[1]
    api = Client(headers={"Authorization": f"Bearer {key}"})
    restricted = reverse("compliance-restricted")
    pages = [
        ("Restricted customers, page 1", client, restricted, {}),
        ("Restricted customers, frozen only", client, restricted, {"restriction": "frozen"}),
        ("Compliance tab", client, reverse("customer-tab", args=[customer.pk, "compliance"]), {}),
        ("Operations tab", client, reverse("customer-tab", args=[customer.pk, "operations"]), {}),
        ("Limits & fees tab", client, reverse("customer-tab", args=[customer.pk, "limits"]), {}),
        ("API: what the customer may do", api, reverse("api-customer-operations", args=[customer.pk]), {}),
    ]
    print(f"{Customer.objects.count():,} customers; {samples} samples per page\n")
    print(f"{'page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  target")
    failures = 0
    for label, who, url, params in pages:
        assert who.get(url, params).status_code == 200, label
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            who.get(url, params)
        median, p95 = timings(lambda who=who, url=url, params=params: who.get(url, params), samples)
        ok = median <= TARGET_MS
        failures += not ok
        print(f"{label:<40} {median:>10.1f} {p95:>8.1f} {len(timer.queries):>8}  {mark(ok)} ≤ {TARGET_MS} ms")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
