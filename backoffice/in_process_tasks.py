"""Tasks without a broker: run in a thread of the process that queued them.

With no ``REDIS_URL`` (the demo, a laptop) there is no broker and no worker: the broker URL is
Celery's ``memory://`` transport, which nothing consumes. A task queued then (``apply_async``,
``delay``, ``delay_on_commit``, ``jobs.enqueue``) runs here instead, in one of ``THREADS`` daemon
threads started by the first task, once the transaction that queued it has committed: the request
that asks for a statement answers at once and the job's page polls its progress bar, as it does
with workers. ``CELERY_TASK_ALWAYS_EAGER`` (``TASKS_INLINE=true``; the tests) still runs tasks
inline in the caller, as Celery does; with a broker, tasks go to it.

The guarantees stay the jobs' (``backoffice.jobs``): a job is a row first, its task claims it
with a lease, and the sweeps (``backoffice.in_process_beat`` in the served demo) queue again what
was lost. Tasks wait here in memory only, as in a broker that loses its queue: a process that
dies drops the waiting ones and leaves the running one's lease to expire, as a killed worker does,
and the sweeps queue them again. A process that exits normally waits for its tasks first (Ctrl-C
again drops them). A task runs as an eager one does (``Task.apply``): ``countdown`` and ``eta``
are not waited for, and a task asking for a retry is left to its sweep (``jobs.enqueue`` says so
the same way for eager tasks).
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from functools import partial

from celery.contrib.django.task import DjangoTask
from celery.exceptions import Retry
from celery.utils import uuid
from django.db import close_old_connections, connections, transaction
from kombu import serialization

logger = logging.getLogger(__name__)

THREADS = 2  # a long statement does not hold up a reset email; SQLite copes with a few writers
NO_BROKER = "memory://"

_queue: queue.Queue[tuple[DjangoTask, tuple, dict, str]] = queue.Queue()
_threads: list[threading.Thread] = []
_start_lock = threading.Lock()


def no_broker(app) -> bool:
    """``app`` has no broker (no ``REDIS_URL``): only Celery's in-memory transport."""
    return str(app.conf.broker_url or "").startswith(NO_BROKER)


def runs_in_process(app) -> bool:
    """Tasks of ``app`` run in this process's threads: no broker, and not run inline (eager)."""
    return not app.conf.task_always_eager and no_broker(app)


class Task(DjangoTask):
    """The app's task class (``backoffice.celery``): without a broker, ``apply_async`` hands the
    task to this process's threads; otherwise Celery's own (eager, or published to the broker)."""

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None, **options):
        app = self._get_app()
        if not runs_in_process(app):
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        # What a broker would carry: the arguments through the serializer (JSON), as eager does.
        content_type, encoding, data = serialization.dumps((args or (), kwargs or {}), app.conf.task_serializer)
        args, kwargs = serialization.loads(data, content_type, encoding, accept=[content_type])
        task_id = task_id or uuid()
        transaction.on_commit(partial(submit, self, tuple(args), dict(kwargs), task_id))
        return self.AsyncResult(task_id)


def submit(task: DjangoTask, args: tuple, kwargs: dict, task_id: str) -> None:
    """Queue ``task`` for this process's threads (started on the first call)."""
    _start()
    _queue.put((task, args, kwargs, task_id))


def pending() -> int:
    """Tasks queued or running here."""
    return _queue.unfinished_tasks


def wait(timeout: float | None = None) -> bool:
    """Block until every task queued here has run; False if ``timeout`` seconds passed first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with _queue.all_tasks_done:
        while _queue.unfinished_tasks:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            _queue.all_tasks_done.wait(remaining)
    return True


def _start() -> None:
    with _start_lock:
        if _threads:
            return
        for number in range(1, THREADS + 1):
            thread = threading.Thread(target=_work, name=f"in-process-task-{number}", daemon=True)
            thread.start()
            _threads.append(thread)
        atexit.register(_wait_at_exit)


def _work() -> None:
    while True:
        task, args, kwargs, task_id = _queue.get()
        try:
            run(task, args, kwargs, task_id)
        finally:
            _queue.task_done()


def run(task: DjangoTask, args: tuple, kwargs: dict, task_id: str) -> None:
    """Run one task as a worker would, on connections of this thread's own, closed after it
    (as a request's are); its failure is logged, never raised."""
    close_old_connections()
    try:
        task.apply(args, kwargs, task_id=task_id, throw=True)
    except Retry:
        logger.warning("%s[%s] asked to be retried; its sweep will queue it again.", task.name, task_id)
    except Exception:
        logger.exception("%s[%s] failed in-process.", task.name, task_id)
    finally:
        connections.close_all()


def _wait_at_exit() -> None:
    try:
        if wait(timeout=1.0):
            return
        logger.info(
            "Waiting for %s in-process task(s) to finish; Ctrl-C drops them (their sweeps queue them again).", pending()
        )
        wait()
    except KeyboardInterrupt:
        logger.warning("Dropped %s in-process task(s); their sweeps queue them again.", pending())
