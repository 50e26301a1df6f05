"""A freeze's user.update event goes through a real Redis to a real Celery worker, which
delivers it to a real HTTP endpoint once, after the commit. Needs ``REDIS_URL``."""

import json

import pytest
from django.db import transaction

from compliance.models import OutboxDelivery
from compliance.services.restrictions import change_freeze
from tests.compliance.endpoints import Endpoint
from tests.customers.factories import ROBOT, make_person
from tests.helpers import wait_for

pytestmark = pytest.mark.real_worker


def test_the_worker_delivers_the_event_once(redis_worker, settings):
    endpoint = Endpoint([])
    settings.EVENT_WEBHOOK_URLS, settings.EVENT_WEBHOOK_SECRET = [endpoint.url], "endpoint-secret"
    try:
        person = make_person()
        with transaction.atomic():
            change_freeze(actor=ROBOT, customer=person, command="freeze", comment="Court order.")
        assert wait_for(lambda: OutboxDelivery.objects.filter(delivered_at__isnull=False).exists())
        ((_, body),) = endpoint.received
        assert json.loads(body)["object_payload"]["users"][0] == {
            **json.loads(body)["object_payload"]["users"][0],
            "isFrozen": 1,
        }
        assert OutboxDelivery.objects.get().attempts == 1
    finally:
        endpoint.close()
