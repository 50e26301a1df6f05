"""How fast the live verification webhook answers the provider: a new signed event (verified,
stored, its processing queued) and the same event replayed (recognised, nothing changes).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/backoffice_perf_customers \\
    REDIS_URL=redis://127.0.0.1:6379/14 \\
    LIVENESS_WEBHOOK_SECRET=whsec_cGVyZi1zZWNyZXQtZm9yLXRoZS1saXZlbmVzcy13ZWJob29r \\
        .venv/bin/python tests/perf/liveness_webhook.py [samples]

With ``REDIS_URL`` the processing is only queued (a worker does it later), as in production;
without it, tasks run in-process and the figure includes the processing. The queue used is
purged afterwards. Target, with PASS / FAIL: a median under 50 ms for a new event (the provider
waits for the answer).
"""

import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LIVENESS_WEBHOOK_SECRET", "whsec_cGVyZi1zZWNyZXQtZm9yLXRoZS1saXZlbmVzcy13ZWJob29r")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.celery import app as celery_app  # noqa: E402
from customers.models import Customer  # noqa: E402
from kyc.liveness import webhooks  # noqa: E402
from kyc.models import LivenessSession  # noqa: E402
from tests.perf.customers_search import mark, timings  # noqa: E402

TARGET_MS = 50


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    call_command("migrate", verbosity=0)
    customer = Customer.objects.order_by("pk").first()
    session, _ = LivenessSession.objects.get_or_create(
        reference="perf-webhook", defaults={"customer": customer, "url": "http://sandbox.test/"}
    )
    client, url = Client(), reverse("kyc-liveness-webhook")

    def post(payload):
        body = json.dumps(payload).encode()
        response = client.post(url, data=body, content_type="application/json", headers=webhooks.signed_headers(body))
        assert response.status_code in (200, 202), response.content
        return response

    def new_event():
        post(
            {
                "eventId": f"evt_{uuid.uuid4().hex}",
                "eventType": webhooks.KYCLIVENESS_CREATE,
                "occurredAt": timezone.now().isoformat(),
                "object": {"identification-id": session.reference, "kyc-status": "processing", "score": -1},
            }
        )

    replayed = {
        "eventId": "evt_perf_replayed",
        "eventType": webhooks.KYCLIVENESS_CREATE,
        "occurredAt": timezone.now().isoformat(),
        "object": {"identification-id": session.reference, "kyc-status": "processing", "score": -1},
    }
    post(replayed)
    mode = "queued for a worker (Redis)" if settings.REDIS_URL else "processed in-process (no Redis)"
    print(f"{connection_vendor()}; processing {mode}; {samples} samples\n")
    print(f"{'webhook':<28} {'median ms':>10} {'p95 ms':>8}  target")
    median, p95 = timings(new_event, samples)
    print(f"{'new event':<28} {median:>10.1f} {p95:>8.1f}  {mark(median <= TARGET_MS)} ≤ {TARGET_MS} ms")
    replay_median, replay_p95 = timings(lambda: post(replayed), samples)
    print(f"{'replayed event':<28} {replay_median:>10.1f} {replay_p95:>8.1f}")
    if settings.REDIS_URL:
        celery_app.control.purge()
    sys.exit(0 if median <= TARGET_MS else 1)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
