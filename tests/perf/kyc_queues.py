"""The KYC queues over a large back office: a million customers, 100 000 documents (10 000
pending), 20 000 reviews (2 000 pending) and 5 000 live verification sessions, through Django
(test client, request to response).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
        .venv/bin/python tests/perf/kyc_queues.py [samples]

Use the database of ``tests/perf/customers_search.py`` (its million customers); the KYC rows are
added once (bulk inserts, no files: the queues never read them) and reused by later runs.

For each page (the pre-review queue, the review queue unfiltered and filtered by country, the
identification requests, each on page 1 and on its last page) it prints the median and p95 of
``samples`` requests (default 20) and the queries of one request. Target, with PASS / FAIL: a
median under 150 ms on page 1 (a staff member opens a queue many times a day).
"""

import os
import random
import secrets
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.roles import COMPLIANCE_OFFICER  # noqa: E402
from customers.models import Customer  # noqa: E402
from kyc.models import Document, LivenessSession, Review, ReviewDocument  # noqa: E402
from tests.perf.customers_search import QueryTimer, mark, timings  # noqa: E402
from tests.perf.signing_in import client_for  # noqa: E402

DOCUMENTS, PENDING_DOCUMENTS = 100_000, 10_000
REVIEWS, PENDING_REVIEWS = 20_000, 2_000
SESSIONS = 5_000
TARGET_MS = 150


def seed() -> None:
    call_command("migrate", verbosity=0)
    if Document.objects.filter(original_name="perf.png").exists():
        return
    started, rng, now = time.perf_counter(), random.Random(3), timezone.now()
    ids = list(Customer.objects.order_by("?").values_list("pk", flat=True)[: DOCUMENTS // 2])
    with transaction.atomic():
        documents = [
            Document(
                customer_id=ids[index // 2],
                document_type=(17, 12)[index % 2],
                stored_name=secrets.token_hex(16),
                original_name="perf.png",
                content_type="image/png",
                size=1000,
                sha256="0" * 64,
                status="pending" if index < PENDING_DOCUMENTS else "validated",
                uploaded_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 365)),
            )
            for index in range(DOCUMENTS)
        ]
        Document.objects.bulk_create(documents, batch_size=5000)
        reviews = [
            Review(
                customer_id=ids[PENDING_DOCUMENTS // 2 + index],
                status="pending" if index < PENDING_REVIEWS else "validated",
                requested_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 365)),
                level_before=0,
                review_before=0,
            )
            for index in range(REVIEWS)
        ]
        Review.objects.bulk_create(reviews, batch_size=5000)
        by_customer = {}
        for document in Document.objects.filter(original_name="perf.png").values_list("pk", "customer_id"):
            by_customer.setdefault(document[1], []).append(document[0])
        links = [
            ReviewDocument(review_id=review.pk, document_id=pk)
            for review in Review.objects.filter(customer_id__in=ids).only("pk", "customer_id")
            for pk in by_customer.get(review.customer_id, [])
        ]
        ReviewDocument.objects.bulk_create(links, batch_size=5000)
        LivenessSession.objects.bulk_create(
            [
                LivenessSession(customer_id=ids[-index - 1], reference=f"perf-{index}", url="http://sandbox.test/")
                for index in range(SESSIONS)
            ],
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("kyc_document", "kyc_review", "kyc_reviewdocument", "kyc_livenesssession"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"Seeded the KYC rows in {time.perf_counter() - started:.1f} s", flush=True)


def compliance_client() -> Client:
    return client_for("perf-kyc", COMPLIANCE_OFFICER)


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    seed()
    client = compliance_client()
    country = Customer.objects.filter(kyc_reviews__status="pending").values_list("country", flat=True).first()
    pages = [
        ("Pre-review queue", reverse("kyc-prereview-queue"), {}, PENDING_DOCUMENTS),
        ("Review queue", reverse("kyc-review-queue"), {}, PENDING_REVIEWS),
        (f"Review queue, country {country}", reverse("kyc-review-queue"), {"country": country}, None),
        ("Identification requests", reverse("kyc-identification-requests"), {}, REVIEWS + SESSIONS),
    ]
    print(f"{Customer.objects.count():,} customers; {samples} samples per page\n")
    print(f"{'page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  target")
    failures = 0
    for label, url, params, rows in pages:
        last = {"page": str(-(-rows // 50))} if rows else None
        for name, query in (("page 1", params), ("last page", {**params, **(last or {})})):
            if name == "last page" and last is None:
                continue
            response = client.get(url, query)
            assert response.status_code == 200, (label, response.status_code)
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                client.get(url, query)
            median, p95 = timings(lambda url=url, query=query: client.get(url, query), samples)
            ok = name != "page 1" or median <= TARGET_MS
            failures += not ok
            target = f"{mark(ok)} ≤ {TARGET_MS} ms" if name == "page 1" else ""
            print(f"{label + ', ' + name:<40} {median:>10.1f} {p95:>8.1f} {len(timer.queries):>8}  {target}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
