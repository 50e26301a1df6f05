"""Running a task's side effect once, however often the task is delivered.

Celery delivers at least once (late acknowledgement: a killed worker's task is delivered again),
so a task that sends an email or writes a file claims an idempotency key first. A claim is a
lease: if the worker dies mid-effect, a later delivery finds the lease expired and tries again.
"""

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import TaskReceipt

DEFAULT_LEASE = timedelta(minutes=5)


def run_once(key: str, effect: Callable[[], object], *, lease: timedelta = DEFAULT_LEASE) -> bool:
    """Run ``effect`` unless it already ran (or is running) for ``key``. True if it ran now."""
    now = timezone.now()
    with transaction.atomic():
        receipt, _ = TaskReceipt.objects.select_for_update().get_or_create(key=key)
        if receipt.done_at is not None:
            return False
        if receipt.claimed_at is not None and now - receipt.claimed_at < lease:
            return False
        receipt.claimed_at = now
        receipt.save(update_fields=["claimed_at"])
    try:
        effect()
    except BaseException:
        TaskReceipt.objects.filter(key=key).update(claimed_at=None)
        raise
    TaskReceipt.objects.filter(key=key).update(done_at=timezone.now())
    return True
