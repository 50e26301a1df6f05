"""Background jobs that never lose or duplicate (DESIGN.md): queueing a job's task, claiming a
job row with a lease, and running a side effect once however often the task is delivered.

Celery delivers at least once (late acknowledgement: a killed worker's task is delivered again),
so a task that sends an email or writes a file claims first: a job row of its own (``claim``) or
an idempotency key (``run_once``). A claim is a lease: if the worker dies mid-effect, a later
delivery finds the lease expired and tries again.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from celery.exceptions import Retry
from django.db import models, transaction
from django.utils import timezone

from .models import TaskReceipt

logger = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(minutes=5)
NOT_QUEUED_MESSAGE = "Queued; it will start when the job runner is back."
_not_queued: ContextVar[list[str] | None] = ContextVar("jobs_not_queued", default=None)


@contextmanager
def noting_unqueued() -> Iterator[list[str]]:
    """Inside the block, every job ``enqueue`` could not hand to the broker is added to the list
    it yields (its ``what``): the page that asked for the job says it waits for the job runner."""
    unqueued: list[str] = []
    token = _not_queued.set(unqueued)
    try:
        yield unqueued
    finally:
        _not_queued.reset(token)


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


def enqueue(task, *args, what: str) -> bool:
    """Queue ``task(*args)``; call it from ``transaction.on_commit``. The job's row is the truth:
    with the broker down, its periodic sweep queues it later, so the request that made the row
    still succeeds, at once: one attempt, no publish retries (the connection's own timeouts are
    short, ``CELERY_BROKER_CONNECTION_TIMEOUT`` and the transport's socket timeouts). False when
    the job was left to the sweep. In-process (no broker), a task asking Celery for a retry is
    left to that sweep too."""
    try:
        task.apply_async(args, retry=False)
    except Retry:
        logger.warning("%s not done yet; the sweep will try again.", what)
        return False
    except Exception:
        logger.warning("%s not queued now; the sweep will queue it.", what, exc_info=True)
        unqueued = _not_queued.get()
        if unqueued is not None:
            unqueued.append(what)
        return False
    return True


def claim(model: type[models.Model], pk: int, *, waiting: str, running: str, lease: timedelta, **fields):
    """Take the job row ``pk`` when it is ``waiting``, or ``running`` under a lease older than
    ``lease`` (its worker died): it becomes ``running``, claimed now, one attempt more, with
    ``fields`` set. None when it is done, or another run holds it. The model has ``status``,
    ``claimed_at`` and ``attempts``."""
    now = timezone.now()
    claimable = models.Q(status=waiting) | models.Q(status=running, claimed_at__lt=now - lease)
    with transaction.atomic():
        job = model.objects.select_for_update().filter(claimable, pk=pk).first()
        if job is None:
            return None
        job.status, job.claimed_at, job.attempts = running, now, job.attempts + 1
        for name, value in fields.items():
            setattr(job, name, value)
        job.save(update_fields=["status", "claimed_at", "attempts", *fields])
    return job
