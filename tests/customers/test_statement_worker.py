"""Statements through a real Redis and a real Celery worker: an export requested in the panel is
built by the worker after the commit; the task delivered twice leaves one file; an export whose
task could not be queued (Redis down) is built once the sweep runs. Needs ``REDIS_URL``."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

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
    tasks.build_statement.apply_async(args=[job.pk]).get(timeout=20)
    files = [p.name for p in settings.STATEMENTS_DIR.iterdir()]
    assert files == [job.stored_name] and StatementExport.objects.get().attempts == 1


def test_an_export_not_queued_while_redis_was_down_is_built_by_the_sweep(
    redis_worker, make_staff, monkeypatch, settings
):
    def redis_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.build_statement, "delay", redis_down)
    job = request(make_staff("agent", "Support agent"))
    assert job.status == "pending"  # the row is kept; the task was not queued
    monkeypatch.undo()  # Redis is back
    assert statements.requeue_stuck(older_than=timedelta(0)) == [job.pk]
    assert wait_for(lambda: done(job))
    assert [p.name for p in settings.STATEMENTS_DIR.iterdir()] == [job.stored_name]
