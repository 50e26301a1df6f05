"""Statements through a real Redis and a real Celery worker: an export requested in the panel is
built by the worker after the commit; the task delivered twice leaves one file; an export whose
task could not be queued (Redis down) is built once the sweep runs; a worker killed mid-export
leaves no file, and the job is built once, whole, by the next. Needs ``REDIS_URL``."""

import signal
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from customers import tasks
from customers.models import StatementExport
from customers.services import statements
from tests.customers.factories import make_person
from tests.customers.holdings import add_transactions, make_account
from tests.helpers import wait_for

pytestmark = pytest.mark.real_worker
TODAY = timezone.localdate()


def request(staff, export_format="xlsx"):
    person = make_person()
    add_transactions(make_account(person), 50)
    with transaction.atomic():
        return statements.request_statement(
            actor=staff,
            customer=person,
            start_date=TODAY - timedelta(days=60),
            end_date=TODAY,
            export_format=export_format,
        )


def done(job) -> bool:
    job.refresh_from_db()
    return job.status == "done"


def test_the_worker_builds_the_export_after_the_commit(redis_worker, make_staff, settings):
    job = request(make_staff("agent", "Support agent"))
    assert wait_for(lambda: done(job)), f"still {job.status}"
    assert job.rows == 50 and (settings.STATEMENTS_DIR / job.stored_name).stat().st_size == job.size


def test_the_task_delivered_twice_leaves_one_file(redis_worker, make_staff, settings):
    job = request(make_staff("agent", "Support agent"), "csv")
    tasks.build_statement.delay(job.pk)  # a duplicate delivery
    assert wait_for(lambda: done(job))
    tasks.build_statement.apply_async(args=[job.pk], ignore_result=False).get(timeout=20)
    files = [p.name for p in settings.STATEMENTS_DIR.iterdir()]
    assert files == [job.stored_name] and StatementExport.objects.get().attempts == 1


def test_an_export_not_queued_while_redis_was_down_is_built_by_the_sweep(
    redis_worker, make_staff, monkeypatch, settings
):
    def redis_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.build_statement, "apply_async", redis_down)
    job = request(make_staff("agent", "Support agent"))
    assert job.status == "pending"  # the row is kept; the task was not queued
    monkeypatch.undo()  # Redis is back
    assert statements.requeue_stuck(older_than=timedelta(0)) == [job.pk]
    assert wait_for(lambda: done(job))
    assert [p.name for p in settings.STATEMENTS_DIR.iterdir()] == [job.stored_name]


def test_a_worker_killed_mid_export_leaves_one_complete_file(worker_process, request, make_staff, settings):
    """SIGKILL the worker while it writes a PDF: the job stays claimed, no final file exists; about
    one lease after the worker's last heartbeat the sweep queues it again (never while a worker
    lives, however long its export takes) and another worker builds it, once, whole. The lease is
    shortened to seconds here; in production it is JOB_LEASE_SECONDS (90)."""
    lease = timedelta(seconds=2)
    settings.STATEMENT_LEASE = lease  # the sweep's, and the second worker's (in this process)
    person = make_person()
    start = timezone.now() - timedelta(hours=150_001)  # enough rows to outlast a lease: ~60,000 a second
    add_transactions(make_account(person), 150_000, start=start)
    worker = worker_process(JOB_LEASE_SECONDS=str(int(lease.total_seconds())))
    with transaction.atomic():
        job = statements.request_statement(
            actor=make_staff("agent", "Support agent"),
            customer=person,
            start_date=start.date(),
            end_date=TODAY,
            export_format="pdf",
        )

    def mid_export() -> bool:
        job.refresh_from_db()
        assert statements.requeue_stuck(older_than=timedelta(minutes=5)) == []  # a living worker keeps it
        return job.status == "running" and 0 < job.progress <= 50  # well before the file is saved

    assert wait_for(mid_export, timeout=60), f"the worker never got going: {job.status} {job.progress} %"
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    killed_at = time.monotonic()
    job.refresh_from_db()
    assert job.status == "running" and job.stored_name == ""
    assert [p.name for p in settings.STATEMENTS_DIR.iterdir() if not p.name.endswith(".part")] == []

    # The sweep (as the beat runs it, here every tenth of a second) takes the job over within about
    # a lease of the kill: the last heartbeat was at most a sixth of a lease before it.
    swept = []
    assert wait_for(lambda: swept.extend(statements.requeue_stuck()) or swept, timeout=30)
    waited = time.monotonic() - killed_at
    assert lease.total_seconds() * 5 / 6 - 0.5 <= waited <= lease.total_seconds() + 1.5, f"{waited:.1f} s"
    assert swept == [job.pk]

    request.getfixturevalue("redis_worker")  # another worker takes over
    started = time.monotonic()

    def claimed_again() -> bool:
        job.refresh_from_db()
        return job.attempts == 2

    assert wait_for(claimed_again), f"not taken over: {job.status}, {job.attempts} attempts"

    def built() -> bool:
        assert statements.requeue_stuck(older_than=timedelta(minutes=5)) == []  # its lease held throughout
        return done(job)

    assert wait_for(built, timeout=60), f"still {job.status}"
    assert time.monotonic() - started > lease.total_seconds()  # longer than a lease, and kept it
    assert job.attempts == 2 and job.rows == 150_000
    assert [p.name for p in settings.STATEMENTS_DIR.iterdir()] == [job.stored_name]
    reader = PdfReader(settings.STATEMENTS_DIR / job.stored_name)
    last_page = reader.pages[-1].extract_text()
    assert f"Page {len(reader.pages)}" in last_page and "Closing balance" in last_page
    assert statements.requeue_stuck() == []  # nothing left to do
