"""The work queues at size (issue 19's budget): a million customers and 200,000 open work items
(and 100,000 done), through Django (test client, request to response).

    createdb -h 127.0.0.1 -U postgres backoffice_perf_customers
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/work_queues.py [samples]

Use the database of ``tests/perf/customers_search.py`` (its million customers; seeded here if
missing); the work items are added once (bulk inserts) and reused by later runs.

For each page (``/work/`` as a compliance officer, who sees everything, with its filters; as a
support agent, who sees the kinds they may do; the dashboard and its counts per kind; the metrics)
it prints the median and p95 of ``samples`` requests (default 20) and the queries of one request,
beside the persons list's page 1 measured in the same run. Target, with PASS / FAIL: each page
within 2x the persons list's median, and the same number of queries at 20,000 and at 200,000
open items (the first run measures both sizes: it measures, then adds the rest).
"""

import os
import random
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.roles import COMPLIANCE_OFFICER, SUPPORT_AGENT  # noqa: E402
from customers.models import Customer  # noqa: E402
from tests.perf.customers_search import QueryTimer, mark, seed, timings  # noqa: E402
from tests.perf.signing_in import client_for  # noqa: E402
from work.choices import WorkKind, WorkStatus  # noqa: E402
from work.models import WorkItem  # noqa: E402
from work.selectors import moved  # noqa: E402

OPEN, DONE = 200_000, 100_000
SUPPORT_KINDS = (WorkKind.PRE_REVIEW, WorkKind.DOCUMENT_EXPIRY, WorkKind.FAILED_EMAIL)
SMALL = 20_000  # the first size the query counts are compared at
FACTOR = 2
# Who may do each kind (the permission its page needs), as the apps open them.
PERMISSIONS = {
    WorkKind.PRE_REVIEW: "kyc.prereview_documents",
    WorkKind.KYC_REVIEW: "kyc.decide_kyc_review",
    WorkKind.APPROVAL: "compliance.manage_limits",
    WorkKind.DOCUMENT_EXPIRY: "kyc.upload_documents",
    WorkKind.RISK_REVIEW: "compliance.set_risk_level",
    WorkKind.VIGILANCE_REFUND: "kyc.refund_vigilance_transfer",
    WorkKind.FAILED_EMAIL: "customers.send_password_reset",
    WorkKind.SCREENING_HIT: "compliance.set_risk_level",
}


def add_items(count: int, status: str, assignees: list, offset: int) -> None:
    """``count`` items about random customers, due from 30 days ago to 30 days ahead, a third of
    them assigned; subjects numbered from ``offset`` (one pending item per subject)."""
    rng, now = random.Random(offset), timezone.now()
    top = Customer.objects.order_by("-pk").values_list("pk", flat=True).first()
    bottom = Customer.objects.order_by("pk").values_list("pk", flat=True).first()
    kinds = list(PERMISSIONS)
    batch = []
    for index in range(count):
        kind = kinds[index % len(kinds)]
        created = now - timedelta(minutes=rng.randint(1, 60 * 24 * 60))
        due = created + timedelta(hours=rng.randint(4, 24 * 40))
        done = status == WorkStatus.DONE
        batch.append(
            WorkItem(
                kind=kind,
                customer_id=rng.randint(bottom, top),
                subject_model="perf.subject",
                subject_id=str(offset + index),
                title=f"Perf item {offset + index}",
                permission=PERMISSIONS[kind],
                confidential=kind == WorkKind.RISK_REVIEW,
                created_at=created,
                due_at=due,
                status=status,
                # A third assigned, each to whom may do it (support: pre-reviews, expiring documents, emails).
                assignee=(assignees[1] if kind in SUPPORT_KINDS else assignees[0]) if index % 3 == 0 else None,
                closed_at=created + timedelta(hours=rng.randint(1, 24 * 10)) if done else None,
            )
        )
        if len(batch) == 10_000:
            WorkItem.objects.bulk_create(batch)
            batch = []
    WorkItem.objects.bulk_create(batch)


def vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE work_workitem")


def pages(officer_pk):
    work = reverse("work-list")
    return [
        ("/work/ (compliance: everything)", "compliance", work, {}),
        ("/work/ overdue", "compliance", work, {"due": "overdue"}),
        ("/work/ mine", "compliance", work, {"whose": "mine"}),
        ("/work/ one kind, unassigned", "compliance", work, {"kind": "pre_review", "whose": "unassigned"}),
        ("/work/ by country", "compliance", work, {"country": "FR"}),
        ("/work/ (support: its kinds)", "support", work, {}),
        ("dashboard (counts per kind)", "compliance", reverse("dashboard"), {}),
        ("dashboard, support", "support", reverse("dashboard"), {}),
        ("dashboard after a change", "compliance", reverse("dashboard"), {}),
        ("dashboard after a change, support", "support", reverse("dashboard"), {}),
        # Not in the budget (its own page, read when asked; the chart on /work/ loads when opened).
        ("/work/metrics/ (8 weeks)*", "compliance", reverse("work-metrics"), {}),
    ]


def measure(clients, samples, label, who, url, query):
    """Median and p95 of ``samples`` requests, and the queries of one. A label saying "after a
    change" moves the work's generation before each request, as any opening, assignment or
    closing does: the cached counts (dashboard, top bar) are read again from the database."""
    client = clients[who]
    response = client.get(url, query)
    assert response.status_code == 200, (label, response.status_code)

    def request():
        if "after a change" in label:
            moved()
        return client.get(url, query)

    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        request()
    median, p95 = timings(request, samples)
    return median, p95, len(timer.queries)


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is migrated and filled).")
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    seed(1_000_000)
    clients = {
        "compliance": client_for("perf-work-compliance", COMPLIANCE_OFFICER),
        "support": client_for("perf-work-support", SUPPORT_AGENT),
    }
    from backoffice.models import StaffUser

    officer = StaffUser.objects.get(username="perf-work-compliance")
    agent = StaffUser.objects.get(username="perf-work-support")
    small_queries = {}
    if not WorkItem.objects.filter(subject_model="perf.subject").exists():
        started = time.perf_counter()
        with transaction.atomic():
            add_items(SMALL, WorkStatus.OPEN, [officer, agent], 0)
        vacuum()
        print(f"Seeded {SMALL:,} open items in {time.perf_counter() - started:.0f} s; queries at that size:")
        for label, who, url, query in pages(officer.pk):
            small_queries[label] = measure(clients, 3, label, who, url, query)[2]
        started = time.perf_counter()
        with transaction.atomic():
            add_items(OPEN - SMALL, WorkStatus.OPEN, [officer, agent], SMALL)
            add_items(DONE, WorkStatus.DONE, [officer, agent], OPEN)
        vacuum()
        print(f"Seeded {OPEN - SMALL:,} more open items and {DONE:,} done in {time.perf_counter() - started:.0f} s.")
    pending = WorkItem.objects.filter(status=WorkStatus.OPEN).count()
    print(f"\n{Customer.objects.count():,} customers, {pending:,} open work items; {samples} samples per page\n")
    base, base_p95, base_queries = measure(clients, samples, "persons", "support", reverse("customer-persons"), {})
    print(f"{'page':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x persons':>10}  target")
    print(f"{'persons list, page 1 (support)':<36} {base:>10.1f} {base_p95:>8.1f} {base_queries:>8} {1:>10.2f}")
    failures = 0
    for label, who, url, query in pages(officer.pk):
        median, p95, queries = measure(clients, samples, label, who, url, query)
        ratio = median / base
        ok = ratio <= FACTOR or label.endswith("*")
        constant = ""
        if label in small_queries:
            same = small_queries[label] == queries
            ok = ok and same
            constant = f"; {small_queries[label]} queries at {SMALL:,}: {'same' if same else 'DIFFERENT'}"
        failures += not ok
        print(f"{label:<36} {median:>10.1f} {p95:>8.1f} {queries:>8} {ratio:>10.2f}  {mark(ok)} <= {FACTOR}x{constant}")
    print("\n* for information: not in the budget")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
