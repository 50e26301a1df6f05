"""Each page against its floor (issue 17), measured interleaved in one run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/page_floor.py [samples]

Use the database ``tests/perf/customers_search.py`` filled (1,000,000 customers); it is not
changed but for two staff members and their devices. The floor of a page is what no rendering
could avoid:

- the page's row query (of the queries the page makes besides the session and the staff member,
  the one that returns the most rows) through a plain psycopg connection,
- an f-string table of those rows (``<tr><td>…</td></tr>``, escaped),
- an empty signed-in request through every middleware (``search/?q=&suggest=1``, htmx).

Each sample times the page (Django's test client, request to response) and then its floor's three
parts, one after the other, so both see the same machine. It prints the medians, the ratio and
the issue's target (≤ 2.5×) with PASS / FAIL.
"""

import html
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from backoffice.roles import COMPLIANCE_OFFICER, SUPPORT_AGENT  # noqa: E402
from customers.models import Customer  # noqa: E402
from tests.perf.signing_in import client_for  # noqa: E402

TARGET = 2.5
FRAMEWORK_TABLES = ("django_session", "backoffice_staffuser", "otp_totp_totpdevice", "auth_")
EMPTY = reverse("search") + "?q=&suggest=1"


def is_framework(sql: str) -> bool:
    """Whether a query reads the session, the member or their access: by the table it reads
    first (a profile's one round trip reads the creator's name from the staff table too)."""
    first = re.search(r'\bFROM "([^"]+)"', sql)
    return first is not None and first.group(1).startswith(FRAMEWORK_TABLES)


def row_query(client: Client, url: str, raw) -> tuple[str, int]:
    """The page's row query: of its own queries, the one returning the most rows."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    best, most = "", -1
    for query in queries:
        sql = query["sql"]
        if is_framework(sql) or not sql.lstrip().upper().startswith(("SELECT", "(")):
            continue
        rows = raw.execute(sql).fetchall()
        if len(rows) > most:
            best, most = sql, len(rows)
    return best, most


def fstring_table(rows) -> str:
    return "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def sample(client: Client, url: str, sql: str, raw) -> tuple[float, float, float, float]:
    """One page request, then its floor's three parts: (page, query, table, empty) in ms."""
    page = timed(lambda: client.get(url))
    rows: list = []
    query = timed(lambda: rows.extend(raw.execute(sql).fetchall()) if sql else None)
    table = timed(lambda: fstring_table(rows))
    empty = timed(lambda: client.get(EMPTY, headers={"HX-Request": "true"}))
    return page, query, table, empty


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database tests/perf/customers_search.py filled.")
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    agent = client_for("perf-floor-agent", SUPPORT_AGENT)
    officer = client_for("perf-floor-officer", COMPLIANCE_OFFICER)
    # The SQL Django logs has its parameters inlined, as psycopg would send them.
    raw = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, prepare_threshold=None)
    customer = Customer.objects.order_by("pk").values_list("pk", flat=True)[Customer.objects.count() // 2]
    pages = [
        ("persons, page 1", agent, reverse("customer-persons")),
        ("persons, filtered", agent, reverse("customer-persons") + "?status=VALIDATED&last_name=mar"),
        ("all customers", agent, reverse("customer-list")),
        ("restricted customers", officer, reverse("compliance-restricted")),
        ("audit log", officer, reverse("audit-list")),
        ("review queue", officer, reverse("kyc-review-queue")),
        ("pre-review queue", officer, reverse("kyc-prereview-queue")),
        ("identification requests", officer, reverse("kyc-identification-requests")),
        ("profile", agent, reverse("customer-profile", args=[customer])),
    ]
    print(f"{Customer.objects.count():,} customers; {samples} samples each, interleaved; times in ms (medians).")
    print(f"{'page':<26}{'rows':>6}{'page':>9}{'query':>8}{'table':>8}{'empty':>8}{'floor':>8}{'ratio':>7}  target")
    for name, client, url in pages:
        sql, count = row_query(client, url, raw)
        for _ in range(3):  # warm: caches, the session's renewal
            client.get(url)
            client.get(EMPTY, headers={"HX-Request": "true"})
        measured = [sample(client, url, sql, raw) for _ in range(samples)]
        page, query, table, empty = (statistics.median(values) for values in zip(*measured, strict=True))
        floor = query + table + empty
        ratio = page / floor
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(
            f"{name:<26}{count:>6}{page:>9.1f}{query:>8.1f}{table:>8.2f}{empty:>8.1f}{floor:>8.1f}{ratio:>6.1f}×"
            f"  ≤ {TARGET}×: {verdict}"
        )


if __name__ == "__main__":
    main()
