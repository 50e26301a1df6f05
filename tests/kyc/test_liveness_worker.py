"""The webhook answers at once and a real Celery worker, through a real Redis, processes the event
after the commit (ids only, JSON). Needs ``REDIS_URL``; skipped without it, required in CI."""

import pytest

from kyc.models import Document, ProviderEvent
from tests.customers.factories import make_person
from tests.helpers import wait_for
from tests.kyc.liveness import passport, send, session_state, start, updated

pytestmark = pytest.mark.real_worker


def test_the_worker_processes_the_events_the_webhook_kept(redis_worker, client):
    session = start(make_person())
    assert send(client, updated(session, 1)).status_code == 202
    assert send(client, passport(session)).status_code == 202
    assert wait_for(lambda: not ProviderEvent.objects.filter(processed_at__isnull=True).exists())
    assert session_state(session) == ("processed", 1)
    assert Document.objects.filter(customer=session.customer, source="liveness").count() == 1
