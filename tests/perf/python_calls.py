"""Python function calls per page (issue 17): what a page costs the server beyond its queries,
against an empty signed-in request, through Django's test client.

    ./scripts/demo --customers 40          # once, then Ctrl-C: the demo database in var/
    .venv/bin/python tests/perf/python_calls.py

or against any database the demo filled (``DATABASE_URL=…``). The counts do not depend on the
table's size (a page reads a bounded number of rows); times do, and are measured by the other
scripts. Each page is requested once to warm the caches, then once under cProfile; it prints the
calls, the queries, the ratio to the empty request, and the issue's targets with PASS / FAIL
(list pages ≤ 30,000 calls, their htmx results part ≤ 15,000, the profile ≤ 25,000).
"""

import cProfile
import os
import pstats
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from backoffice.models import StaffUser  # noqa: E402
from customers.models import Customer  # noqa: E402
from tests.conftest import sign_in  # noqa: E402

HTMX = {"HX-Request": "true", "HX-Target": "list-results"}


def pages(customer_pk: int) -> list[tuple[str, str, dict, int | None]]:
    """(name, url, headers, target calls)."""
    persons = reverse("customer-persons")
    return [
        # The floor: through every middleware, signed in, a view that answers an empty fragment.
        ("empty signed-in request", reverse("search") + "?q=&suggest=1", {"HX-Request": "true"}, None),
        ("account page (the shell, little else)", reverse("account"), {}, None),
        ("all customers", reverse("customer-list"), {}, 30_000),
        ("persons", persons, {}, 30_000),
        ("persons, filtered", persons + "?status=VALIDATED&last_name=a&sort=-created_at", {}, 30_000),
        ("persons, htmx results part", persons + "?status=VALIDATED", HTMX, 15_000),
        ("restricted customers", reverse("compliance-restricted"), {}, 30_000),
        ("audit log", reverse("audit-list"), {}, 30_000),
        ("pre-review queue", reverse("kyc-prereview-queue"), {}, 30_000),
        ("review queue", reverse("kyc-review-queue"), {}, 30_000),
        ("identification requests", reverse("kyc-identification-requests"), {}, 30_000),
        ("profile", reverse("customer-profile", args=[customer_pk]), {}, 25_000),
    ]


def measure(client: Client, url: str, headers: dict) -> tuple[int, int]:
    client.get(url, headers=headers)  # warm: caches, the session's renewal
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        response = client.get(url, headers=headers)
        profiler.disable()
    assert response.status_code == 200, (url, response.status_code)
    return pstats.Stats(profiler).total_calls, len(queries)


def main() -> None:
    user = StaffUser.objects.get(username="compliance")
    client = sign_in(Client(), user)
    customer = Customer.objects.order_by("pk").values_list("pk", flat=True).first()
    rows = [(name, *measure(client, url, headers), target) for name, url, headers, target in pages(customer)]
    empty = rows[0][1]
    print(f"{'page':42} {'calls':>9} {'× empty':>8} {'queries':>8}  target")
    for name, calls, queries, target in rows:
        verdict = "" if target is None else f"≤ {target:,}: {'PASS' if calls <= target else 'FAIL'}"
        print(f"{name:42} {calls:>9,} {calls / empty:>8.1f} {queries:>8}  {verdict}")


if __name__ == "__main__":
    main()
