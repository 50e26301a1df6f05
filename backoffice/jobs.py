"""Background jobs that never lose or duplicate (DESIGN.md): queueing a job's task, claiming a
job row with a lease, and running a side effect once however often the task is delivered.

Celery delivers at least once (late acknowledgement: a killed worker's task is delivered again),
so a task that sends an email or writes a file claims first: a job row of its own (``claim``) or
an idempotency key (``run_once``). A claim is a lease: if the worker dies mid-effect, a later
delivery finds the lease expired and tries again.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from celery.exceptions import Retry
from django.db import connection, models, transaction
from django.utils import timezone

from .models import LeasedJob, TaskReceipt

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
    left to that sweep too. No result is asked for (nobody reads it): publishing never waits on
    the result backend (its subscription retries for ~20 s when Redis is down)."""
    try:
        task.apply_async(args, retry=False, ignore_result=True)
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


def claim[J: LeasedJob](
    model: type[J], pk: int, *, waiting: str, running: str, lease: timedelta, **fields: object
) -> J | None:
    """Take the job row ``pk`` when it is ``waiting``, or ``running`` under a lease older than
    ``lease`` (its worker died): it becomes ``running``, claimed now, one attempt more, with
    ``fields`` set. None when it is done, or another run holds it."""
    now = timezone.now()
    claimable = models.Q(status=waiting) | models.Q(status=running, claimed_at__lt=now - lease)
    with transaction.atomic():
        job = model._default_manager.select_for_update().filter(claimable, pk=pk).first()
        if job is None:
            return None
        job.status, job.claimed_at, job.attempts = running, now, job.attempts + 1
        for name, value in fields.items():
            setattr(job, name, value)
        job.save(update_fields=["status", "claimed_at", "attempts", *fields])
    return job


class Heartbeat:
    """Keeps a claimed job row's lease alive while its run lives: ``claimed_at`` moves to now
    every ``every`` (a sixth of the lease) from a thread of its own, so slow phases where the job
    reports no progress (ReportLab saving a big PDF) keep the lease too, and the lease can be
    short: a killed worker's job moves on about one lease after its last beat.

    ``claimed_at`` is the run's token: every write (``update``) is conditional on it and moves it,
    under a lock shared with the thread. ``lost`` turns true when another run took the job over;
    this run's writes then change nothing. ``on_beat`` runs at each beat (touch a temporary file)."""

    def __init__(self, job: LeasedJob, *, lease: timedelta, on_beat: Callable[[], object] = lambda: None):
        self.job = job
        self.every = lease.total_seconds() / 6
        self.on_beat = on_beat
        self.lost = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job._meta.label}-{job.pk}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        # A run inside a transaction (a task run in-process by a test) has uncommitted rows another
        # connection cannot see, nor write past: its progress renews the lease, no thread.
        if not connection.in_atomic_block:
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def update(self, **fields: object) -> bool:
        """Write ``fields`` and renew the lease, if this run still holds the job."""
        with self._lock:
            if self.lost:
                return False
            now = timezone.now()
            still_ours = type(self.job)._default_manager.filter(pk=self.job.pk, claimed_at=self.job.claimed_at)
            if still_ours.update(claimed_at=now, **fields):
                self.job.claimed_at = now
                return True
            self.lost = True
            return False

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every):
                if not self.update():
                    return
                self.on_beat()
        except Exception:
            logger.exception("The heartbeat of %s %s stopped", type(self.job).__name__, self.job.pk)
        finally:
            connection.close()  # the thread's own connection
