"""Delivering the outbox: one task per event, and a sweep for whatever is due (a retry after its
backoff, or an event whose task was never queued because Redis was down)."""

from celery import shared_task

from .models import OutboxDelivery
from .services import outbox


@shared_task(acks_late=True)
def deliver_event(event_id: int) -> int:
    """Deliver ``event_id`` to every endpoint still waiting; the number delivered. A failure is not
    retried here: the delivery is due again after its backoff, and the sweep picks it up."""
    ids = OutboxDelivery.objects.filter(event_id=event_id, delivered_at__isnull=True).values_list("pk", flat=True)
    return sum(outbox.deliver(pk) for pk in list(ids))


@shared_task
def deliver_due_events() -> int:
    return outbox.deliver_due()


@shared_task
def open_risk_reviews_due() -> int:
    """Risk reviews coming due within the target's days ahead become work."""
    from .work_items import open_risk_reviews_due as sweep

    return sweep()
