"""The beat schedule run inside the served demo, for want of ``celery beat``.

The demo runs tasks in-process (no ``REDIS_URL``: ``backoffice.in_process_tasks``) and starts no
beat, so without this the periodic sweeps never run there: documents a liveness provider did not send are
not asked for again, failed webhook deliveries are not retried, stuck jobs not requeued. A daemon
thread calls the tasks of ``CELERY_BEAT_SCHEDULE`` itself, each every its ``schedule`` (a
``timedelta``), the first time one interval after the start. A production server has a broker and
runs ``celery beat``: this is for ``manage.py demo --serve`` only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import close_old_connections, connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class InProcessBeat:
    """``run_due`` calls the entries whose time came; ``start`` does it every ``tick`` seconds in a
    daemon thread until ``stop``. ``clock`` (seconds, monotonic) is replaceable for the tests."""

    def __init__(self, schedule: dict, *, clock: Callable[[], float] = time.monotonic, tick: float = 1.0):
        self.clock, self.tick = clock, tick
        self.entries = {
            name: (entry["task"], entry["schedule"].total_seconds())
            for name, entry in schedule.items()
            if isinstance(entry.get("schedule"), timedelta)  # crontab entries would need celery's own beat
        }
        start = clock()
        self.next_run = {name: start + interval for name, (_, interval) in self.entries.items()}
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def run_due(self) -> list[str]:
        """Run every entry that is due (one failing does not stop the others); their names."""
        now, ran = self.clock(), []
        for name, (task_name, interval) in self.entries.items():
            if self.next_run[name] > now:
                continue
            self.next_run[name] = now + interval
            try:
                import_string(task_name).apply(throw=True)  # the task's module path: no autodiscovery needed
            except Exception:
                logger.exception(
                    "The in-process beat's %s (%s) failed; it runs again in %ss.", name, task_name, interval
                )
            ran.append(name)
        return ran

    def start(self) -> InProcessBeat:
        self._thread = threading.Thread(target=self._loop, name="in-process-beat", daemon=True)
        self._thread.start()
        logger.info("In-process beat: %s.", ", ".join(f"{n} every {i:g}s" for n, (_, i) in self.entries.items()))
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        try:
            while not self._stopped.wait(self.tick):
                close_old_connections()  # as a request does: none left broken or past its age
                self.run_due()
        finally:
            connections.close_all()  # this thread's own connections
