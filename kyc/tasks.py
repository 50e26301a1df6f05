"""Background work of the KYC app: processing the liveness provider's webhooks.

Tasks take ids and are idempotent: ``process_event`` sets the event's ``processed_at`` once,
under its row lock, in the transaction of its effect, so a second delivery (late
acknowledgement, a replayed sweep) finds it processed and changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from backoffice import jobs

from .liveness import services
from .liveness.providers import ProviderUnavailable
from .models import ProviderEvent

# An event still unprocessed this long after it arrived lost its task: queue it again.
REQUEUE_AFTER = timedelta(minutes=5)


@shared_task(
    autoretry_for=(ProviderUnavailable, OperationalError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def process_liveness_event(event_id: int) -> str:
    """Apply one stored provider event; answers its outcome."""
    return services.process_event(event_id=event_id).outcome


@shared_task(
    autoretry_for=(ProviderUnavailable, OperationalError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def request_liveness_documents(session_id: int) -> None:
    """Ask the provider for the documents of a passed check, once its review was requested.
    Sent twice, the provider's events are the same and recognised as replays."""
    services.request_documents(session_id=session_id)


@shared_task
def requeue_unprocessed_liveness_events() -> int:
    """The periodic sweep: events whose task was lost (a killed worker, a Redis restart), and
    passed checks whose documents were asked for but never came."""
    stuck = ProviderEvent.objects.filter(processed_at__isnull=True, received_at__lt=timezone.now() - REQUEUE_AFTER)
    ids = list(stuck.order_by("occurred_at", "id").values_list("pk", flat=True)[:500])
    for event_id in ids:
        process_liveness_event.delay(event_id)
    for session_id in services.sessions_awaiting_documents(older_than=REQUEUE_AFTER):
        jobs.enqueue(request_liveness_documents, session_id, what=f"Documents of live verification #{session_id}")
    return len(ids)


@shared_task
def open_expiring_documents() -> int:
    """Identity documents expiring within the target's days ahead become work (re-KYC)."""
    from .work_items import open_expiring_documents as sweep

    return sweep()
