"""Live verification's provider webhook (the KYC tab's start and ask-again are declared commands,
``kyc.commands``)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backoffice.access import PUBLIC, requires

from .. import tasks
from ..choices import Provider
from . import services, webhooks

logger = logging.getLogger(__name__)


def _answer(http_status: int, **content) -> JsonResponse:
    return JsonResponse(content, status=http_status)


@csrf_exempt  # the provider signs its requests instead (kyc.liveness.webhooks)
@require_POST
@requires(PUBLIC)
def liveness_webhook(request, provider: str = Provider.SANDBOX):
    """Check the signature, keep the event, answer at once (202); the processing runs in a task
    queued once the event is committed. A replayed event answers 200 "duplicate" and does nothing.
    ``provider``: whose events these are (a second provider gets its own URL, passing it)."""
    body = request.body
    try:
        webhooks.verify_signature(body, request.headers)
        event = webhooks.parse_event(body)
        with transaction.atomic():
            stored, created = services.record_event(provider=provider, event=event)
            if created:
                event_pk = stored.pk
                transaction.on_commit(lambda: tasks.process_liveness_event.delay(event_pk), robust=True)
    except webhooks.WebhookRefused as refused:
        if refused.status == 503:
            logger.error("Live verification webhook refused: LIVENESS_WEBHOOK_SECRET is not set.")
        return _answer(refused.status, error=refused.message)
    if not created:
        return _answer(200, status="duplicate", eventId=event.event_id)
    return _answer(202, status="accepted", eventId=event.event_id)
