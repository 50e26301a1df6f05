"""A freeze's user.update event goes through a real Redis to a real Celery worker, which
delivers it to a real HTTP endpoint once, after the commit. Needs ``REDIS_URL``."""

import base64
import json

import pytest
from django.db import transaction
from standardwebhooks import Webhook

from compliance.models import OutboxDelivery
from compliance.services.restrictions import freeze_assets
from tests.compliance.endpoints import Endpoint
from tests.customers.factories import ROBOT, make_person
from tests.helpers import wait_for

pytestmark = pytest.mark.real_worker


def test_the_worker_delivers_the_event_once(redis_worker, settings):
    endpoint = Endpoint([])
    secret = "whsec_" + base64.b64encode(b"endpoint-secret-of-32-bytes-long").decode()
    settings.EVENT_WEBHOOK_URLS, settings.EVENT_WEBHOOK_SECRETS = [endpoint.url], [secret]
    try:
        person = make_person()
        with transaction.atomic():
            freeze_assets(actor=ROBOT, customer=person, comment="Court order.")
        assert wait_for(lambda: OutboxDelivery.objects.filter(delivered_at__isnull=False).exists())
        ((headers, body),) = endpoint.received
        delivery = OutboxDelivery.objects.get()
        assert Webhook(secret).verify(body, headers) == json.loads(body)  # Standard Webhooks, verified
        assert headers["webhook-id"] == str(delivery.event_id) and headers["webhook-signature"].startswith("v1,")
        user = json.loads(body)["object_payload"]["users"][0]
        assert (user["isFreezed"], user["IsLegalFrozen"]) == (1, 0)
        assert delivery.attempts == 1
    finally:
        endpoint.close()
