"""A claimed job's lease is short and kept alive by a heartbeat while its run lives, even through
a phase that reports no progress; once the run stops beating, the sweep hands the job on within
about a lease. The production figures bound how long a dead worker's job waits."""

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings

from backoffice import jobs
from customers.models import ExportStatus, StatementExport
from customers.services import statements
from tests.customers.factories import make_person


def test_a_dead_workers_job_moves_on_within_three_minutes():
    """Lease plus one sweep interval: the longest a job whose worker died waits (it was 15 + 5)."""
    lease, sweep_every = django_settings.JOB_LEASE, django_settings.JOB_SWEEP
    assert lease <= timedelta(minutes=2) and lease == django_settings.STATEMENT_LEASE
    assert lease + sweep_every <= timedelta(minutes=3)
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    for sweep in ("requeue-statements", "requeue-password-resets"):
        assert schedule[sweep]["schedule"] <= sweep_every


@pytest.fixture
def claimed_job(committed_db, make_staff, settings):
    settings.STATEMENT_LEASE = timedelta(seconds=1.2)
    job = StatementExport.objects.create(
        customer=make_person(),
        requested_by=make_staff("agent", "Support agent"),
        start_date="2026-01-01",
        end_date="2026-01-31",
        format="pdf",
    )
    return jobs.claim(
        StatementExport,
        job.pk,
        waiting=ExportStatus.PENDING,
        running=ExportStatus.RUNNING,
        lease=settings.STATEMENT_LEASE,
    )


def test_the_heartbeat_keeps_a_silent_run_s_lease_and_the_sweep_takes_it_once_it_stops(claimed_job, settings):
    lease = settings.STATEMENT_LEASE
    with jobs.Heartbeat(claimed_job, lease=lease) as heartbeat:
        time.sleep(lease.total_seconds() * 2.5)  # a slow phase: no progress reported (a PDF's save)
        assert statements.requeue_stuck(older_than=timedelta(minutes=5)) == []
        assert heartbeat.update(progress=40) and not heartbeat.lost
    time.sleep(lease.total_seconds() + 0.3)  # the run died: no beat any more
    assert statements.requeue_stuck(older_than=timedelta(minutes=5)) == [claimed_job.pk]


def test_a_run_whose_job_was_taken_over_writes_nothing_more(claimed_job, settings):
    with jobs.Heartbeat(claimed_job, lease=settings.STATEMENT_LEASE) as heartbeat:
        StatementExport.objects.filter(pk=claimed_job.pk).update(claimed_at=claimed_job.claimed_at - timedelta(hours=1))
        taken = jobs.claim(
            StatementExport,
            claimed_job.pk,
            waiting=ExportStatus.PENDING,
            running=ExportStatus.RUNNING,
            lease=settings.STATEMENT_LEASE,
        )
        assert taken is not None
        assert not heartbeat.update(progress=77) and heartbeat.lost
    assert StatementExport.objects.get(pk=claimed_job.pk).progress == 0


def test_a_reset_email_keeps_its_claim_while_a_slow_mail_server_answers(committed_db, make_staff, settings):
    """The mail server accepts the connection and says nothing for longer than a lease: the sweep
    leaves the send alone (no second worker would send a second link), then the timeout releases
    it for Celery's retry."""
    import socket
    import threading

    from django.db import connection

    from customers.models import PasswordReset
    from customers.services import password_resets

    settings.JOB_LEASE = timedelta(seconds=1.2)
    person = make_person(email="slow@example.test")
    # The row as the request leaves it (its task is run by hand below).
    reset = PasswordReset.objects.create(
        customer=person, requested_by=make_staff("agent", "Support agent"), email="slow@example.test"
    )
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.getsockname()[1], "timeout": 4},
            }
        }
        outcome = []

        def send():
            try:
                password_resets.deliver_password_reset(reset.pk)
            except password_resets.SmtpFailure as failure:
                outcome.append(failure)
            finally:
                connection.close()

        sending = threading.Thread(target=send)
        sending.start()
        time.sleep(3)  # two and a half leases into the silent greeting
        assert PasswordReset.objects.get(pk=reset.pk).status == "sending"
        assert password_resets.requeue_password_resets() == []
        sending.join(timeout=10)
    reset.refresh_from_db()
    assert outcome and reset.status == "queued" and reset.attempts == 1  # released for the retry
