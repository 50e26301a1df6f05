"""The webhook answers at once and a real Celery worker, through a real Redis, processes the event
after the commit (ids only, JSON). Needs ``REDIS_URL``; skipped without it, required in CI."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from backoffice.celery import app
from kyc.models import Document, ProviderEvent
from tests.conftest import require_service
from tests.customers.factories import make_person
from tests.kyc.liveness import passport, send, session_state, start, updated

pytestmark = pytest.mark.real_worker


@pytest.fixture
def redis_worker(committed_db):
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    require_service("Redis", bool(url), "set REDIS_URL=redis://127.0.0.1:6379/0 to run the real-worker tests")
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        app.conf.update(saved)


def wait_for(condition, timeout=20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_processes_the_events_the_webhook_kept(redis_worker, client):
    session = start(make_person())
    assert send(client, updated(session, 1)).status_code == 202
    assert send(client, passport(session)).status_code == 202
    assert wait_for(lambda: not ProviderEvent.objects.filter(processed_at__isnull=True).exists())
    assert session_state(session) == ("processed", 1)
    assert Document.objects.filter(customer=session.customer, source="liveness").count() == 1
