"""Tasks without a broker (no ``REDIS_URL``: the demo) run in a thread of the process that queued
them, once its transaction commits: the caller answers at once (``backoffice.in_process_tasks``).
The tests themselves run tasks inline (eager) unless they ask for ``tasks_in_background``."""

import logging
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import EncodeError

from backoffice import in_process_tasks
from backoffice.celery import app as celery_app
from tests.helpers import wait_for

ROOT = Path(__file__).resolve().parents[2]
RUNS: list[tuple[str, str]] = []
GATE = threading.Event()


@celery_app.task(name="tests.in_process.record")
def record(key: str) -> str:
    RUNS.append((key, threading.current_thread().name))
    return key


@celery_app.task(name="tests.in_process.record_when_let")
def record_when_let(key: str) -> str:
    GATE.wait(10)
    return record(key)


@celery_app.task(name="tests.in_process.fail")
def fail() -> None:
    raise ValueError("the task broke")


@celery_app.task(bind=True, name="tests.in_process.ask_for_a_retry")
def ask_for_a_retry(self) -> None:
    raise self.retry(countdown=60)


@celery_app.task(name="tests.in_process.write_later")
def write_later(path: str) -> None:
    time.sleep(1.5)
    Path(path).write_text("written")


@pytest.fixture(autouse=True)
def _fresh():
    RUNS.clear()
    GATE.clear()
    yield
    GATE.set()  # a test that failed half-way lets its task go


def test_a_task_runs_in_a_thread_once_the_transaction_commits_and_the_caller_does_not_wait(tasks_in_background):
    with transaction.atomic():
        record_when_let.delay("statement")
        assert in_process_tasks.pending() == 0, "queued before the commit: the thread could miss the rows"
    assert in_process_tasks.pending() == 1
    assert RUNS == [], "run inline: the caller waited for it"
    GATE.set()
    assert in_process_tasks.wait(timeout=10)
    [(key, thread)] = RUNS
    assert key == "statement" and thread.startswith("in-process-task-")


def test_two_tasks_run_side_by_side(tasks_in_background):
    record_when_let.delay("long statement")
    record.delay("reset email")  # not held up by the long one
    assert wait_for(lambda: RUNS, timeout=10)
    assert in_process_tasks.wait(timeout=0.2) is False
    assert [key for key, _ in RUNS] == ["reset email"]
    GATE.set()
    assert in_process_tasks.wait(timeout=10)


def test_a_failing_task_is_logged_and_the_next_ones_still_run(tasks_in_background, caplog):
    # Another test of the worker may have left Celery's logging set up (levels raised): ask for warnings.
    caplog.set_level(logging.WARNING, logger="backoffice.in_process_tasks")
    fail.delay()
    ask_for_a_retry.delay()
    record.delay("after")
    assert in_process_tasks.wait(timeout=10)
    messages = [r.getMessage() for r in caplog.records if r.name == "backoffice.in_process_tasks"]
    assert any("tests.in_process.fail[" in m and "failed in-process" in m for m in messages)
    assert any("tests.in_process.ask_for_a_retry[" in m and "its sweep will queue it again" in m for m in messages)
    assert [key for key, _ in RUNS] == ["after"]


def test_arguments_go_through_json_as_to_a_broker(tasks_in_background):
    with pytest.raises(EncodeError):
        record.delay(object())
    assert in_process_tasks.pending() == 0


def test_the_tests_run_tasks_inline():
    record.delay("inline")
    [(key, thread)] = RUNS
    assert (key, thread) == ("inline", threading.current_thread().name)


def test_a_statement_is_built_after_the_request_answered(tasks_in_background, support_agent):
    from customers.services import statements
    from tests.customers.factories import make_person
    from tests.customers.holdings import add_transactions, make_account

    person = make_person("Stella", "Statement")
    add_transactions(make_account(person), 5, start=timezone.now() - timedelta(days=5))
    with transaction.atomic():
        job = statements.request_statement(
            actor=support_agent,
            customer=person,
            start_date=timezone.localdate() - timedelta(days=6),
            end_date=timezone.localdate(),
            export_format="csv",
        )
    job.refresh_from_db()
    assert job.status in ("pending", "running")  # the request answered before the file was written
    assert in_process_tasks.wait(timeout=30)
    job.refresh_from_db()
    assert (job.status, job.rows, job.progress) == ("done", 5, 100)


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """``code`` after ``django.setup()`` in a new process with the demo's settings: no REDIS_URL,
    SQLite in ``tmp_path``."""
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "TASKS_INLINE")}
    environment.update(DJANGO_SETTINGS_MODULE="backoffice.settings", VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_a_command_that_queued_a_task_waits_for_it_at_exit_and_no_broker_warning_is_printed(tmp_path):
    written = tmp_path / "written.txt"
    done = run_python(
        f"from tests.backoffice.test_in_process_tasks import write_later; write_later.delay({str(written)!r})", tmp_path
    )
    assert written.read_text() == "written"
    assert "WARNING" not in done.stderr and "No hostname" not in done.stderr, done.stderr
    assert "tests.in_process.write_later[" in done.stderr and "succeeded" in done.stderr


def test_inline_tasks_print_no_broker_warning_either(tmp_path):
    done = run_python("from backoffice.tasks import ping; print(ping.delay('x').get())", tmp_path, TASKS_INLINE="true")
    assert done.stdout.strip() == "pong:x"
    assert "WARNING" not in done.stderr and "No hostname" not in done.stderr, done.stderr
