"""What screening does when something below it changes: a customer created, or their identity
changed, is screened again once the change commits (a Celery task: the request never waits for
it). Only when a list is loaded at all: a panel without lists queues nothing."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

LISTS_LOADED = "screening:lists-loaded"


def lists_loaded() -> bool:
    """Whether any list version is loaded (cached for a minute; a load sets it at once)."""
    loaded = cache.get(LISTS_LOADED)
    if loaded is None:
        from .models import ListVersion, LoadStatus

        loaded = ListVersion.objects.filter(status=LoadStatus.LOADED).exists()
        cache.set(LISTS_LOADED, loaded, 60)
    return loaded


def identity_changed(customer, fields: tuple[str, ...]) -> None:
    from .subjects import SCREENED_FIELDS

    if fields and not set(fields) & set(SCREENED_FIELDS):
        return  # a public id or a user tag: nothing screening reads
    if not lists_loaded():
        return
    customer_id = customer.pk
    transaction.on_commit(lambda: _queue_screening(customer_id))


def _queue_screening(customer_id: int) -> None:
    from backoffice import jobs

    from .tasks import screen_customer

    jobs.enqueue(screen_customer, customer_id, what=f"Screening of customer {customer_id}")
