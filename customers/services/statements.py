"""Statement exports as DESIGN.md's background jobs: a row first (``request_statement``, the
task queued once the row commits); the task claims it with a lease, writes under a temporary name
and renames into place, then marks it done. A second delivery of the task finds it done (or
claimed) and returns; a killed worker's lease expires and the sweep queues the job again; no
half-written file ever carries the final name."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backoffice import audit, jobs
from backoffice.errors import DomainError

from .. import events
from ..choices import Currency
from ..models import Account, Customer, ExportFormat, ExportStatus, StatementExport
from ..statements.pdf import write_pdf
from ..statements.rows import Statement, statement_for
from ..statements.writers import Progress, write_csv
from ..statements.xlsx import write_xlsx

logger = logging.getLogger(__name__)
# Keyed by the stored format (a plain ``str`` read from the row).
WRITERS: dict[str, Callable[[Statement, Path, Progress], int]] = {
    ExportFormat.CSV: write_csv,
    ExportFormat.XLSX: write_xlsx,
    ExportFormat.PDF: write_pdf,
}


def _queue(job_id: int) -> None:
    from ..tasks import build_statement

    jobs.enqueue(build_statement, job_id, what=f"Statement {job_id}")


@transaction.atomic
def request_statement(
    *,
    actor,
    customer: Customer,
    start_date: date,
    end_date: date,
    export_format: str,
    account_ids: Sequence[int] = (),
    currencies: Sequence[str] = (),
) -> StatementExport:
    if end_date < start_date:
        raise DomainError("The end date is before the start date.", field="end_date")
    if end_date > timezone.localdate():
        raise DomainError("The end date is in the future.", field="end_date")
    if export_format not in ExportFormat.values:
        raise DomainError("Choose PDF, XLSX or CSV.", field="format")
    own = set(Account.objects.filter(customer=customer).values_list("pk", flat=True))
    if set(account_ids) - own:
        raise DomainError("Choose accounts of this customer.", field="accounts")
    if set(currencies) - set(Currency.values):
        raise DomainError("Unknown currency.", field="currencies")
    job = StatementExport.objects.create(
        customer=customer,
        requested_by=actor,
        account_ids=sorted(account_ids),
        currencies=sorted(currencies),
        start_date=start_date,
        end_date=end_date,
        format=export_format,
    )
    audit.record(
        action="customers.statement.requested",
        actor=actor,
        customer_id=customer.pk,
        target=job,
        changes={
            "period": [None, f"{start_date} – {end_date}"],
            "format": [None, export_format],
            "accounts": [None, sorted(account_ids) or "all"],
            "currencies": [None, sorted(currencies) or "all"],
        },
    )
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def build_statement(job_id: int) -> StatementExport | None:
    """Write the job's file once. Returns the job when this run built it, None otherwise."""
    job = jobs.claim(
        StatementExport,
        job_id,
        waiting=ExportStatus.PENDING,
        running=ExportStatus.RUNNING,
        lease=settings.STATEMENT_LEASE,
        progress=0,
        rows=0,
        error="",
    )
    if job is None:
        return None
    folder = settings.STATEMENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(16)}.{job.format}"
    temporary = folder / f".{stored}.part"
    statement = statement_for(job)
    total = max(statement.total_rows, 1)

    def touch() -> None:
        """A living worker's temporary file stays fresh, so the sweep never takes it for abandoned."""
        if temporary.exists():
            os.utime(temporary)

    with jobs.Heartbeat(job, lease=settings.STATEMENT_LEASE, on_beat=touch) as heartbeat:

        def progress(rows: int) -> None:
            """The progress bar's figure (the lease renewed with it)."""
            heartbeat.update(progress=min(99, rows * 100 // total), rows=rows)

        try:
            rows = WRITERS[job.format](statement, temporary, progress)
            os.replace(temporary, folder / stored)  # atomic: the final name only ever holds a whole file
        except Exception as error:
            temporary.unlink(missing_ok=True)
            with transaction.atomic():
                failed = StatementExport.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
                    status=ExportStatus.FAILED, error=str(error)[:300] or error.__class__.__name__, claimed_at=None
                )
                if failed:
                    events.delivery_failed(
                        events.DeliveryFailed(
                            subject=job,
                            customer_id=job.customer_id,
                            title=f"Statement of {job.customer} ({job.start_date} to {job.end_date}) not produced",
                            permission="customers.export_statements",
                            requested_by=job.requested_by,
                        )
                    )
            logger.exception("Statement %s failed", job.pk)
            return None
    now = timezone.now()
    updated = StatementExport.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE,
        stored_name=stored,
        size=(folder / stored).stat().st_size,
        rows=rows,
        progress=100,
        finished_at=now,
        expires_at=now + settings.STATEMENT_EXPIRY,
        claimed_at=None,
    )
    if not updated:  # another run finished first (a lease taken over): keep its file, drop ours
        (folder / stored).unlink(missing_ok=True)
        return None
    job.refresh_from_db()
    return job


@transaction.atomic
def retry_statement(*, actor, job: StatementExport) -> StatementExport:
    job = StatementExport.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ExportStatus.FAILED, ExportStatus.EXPIRED):
        raise DomainError("Only a failed or expired export is retried.")
    before = job.status
    job.status, job.progress, job.error, job.stored_name, job.size = ExportStatus.PENDING, 0, "", "", 0
    job.save(update_fields=["status", "progress", "error", "stored_name", "size"])
    audit.record(
        action="customers.statement.retried",
        actor=actor,
        customer_id=job.customer_id,
        target=job,
        changes={"status": [before, ExportStatus.PENDING]},
    )
    events.delivery_settled(job, actor)
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def stuck_ids(model, older_than=None) -> list[int]:
    """Jobs of ``model`` (a file export: statements, dossiers) pending for a while (their task
    lost) or running under an expired lease, 200 at most."""
    now = timezone.now()
    waited = settings.STATEMENT_LEASE if older_than is None else older_than
    stuck = model.objects.filter(
        Q(status=ExportStatus.PENDING, created_at__lt=now - waited)
        | Q(status=ExportStatus.RUNNING, claimed_at__lt=now - settings.STATEMENT_LEASE)
    )
    return list(stuck.values_list("pk", flat=True)[:200])


def requeue_stuck(older_than=None) -> list[int]:
    """Jobs pending for a while (their task lost) or running under an expired lease."""
    ids = stuck_ids(StatementExport, older_than)
    for job_id in ids:
        _queue(job_id)
    remove_abandoned_parts()
    return ids


def remove_abandoned_parts() -> int:
    """Delete the temporary files killed workers left. A living worker's heartbeat touches its
    file several times a lease, so a temporary file untouched for a whole lease is abandoned."""
    folder = settings.STATEMENTS_DIR
    if not folder.is_dir():
        return 0
    cutoff = (timezone.now() - settings.STATEMENT_LEASE).timestamp()
    removed = 0
    for part in folder.glob(".*.part"):
        if part.stat().st_mtime < cutoff:
            part.unlink(missing_ok=True)
            removed += 1
    return removed


def expire_files(model) -> int:
    """Delete the files of ``model``'s jobs past their expiry; the rows stay (the history),
    marked expired."""
    expired = model.objects.filter(status=ExportStatus.DONE, expires_at__lt=timezone.now())
    count = 0
    for job in expired:
        (settings.STATEMENTS_DIR / job.stored_name).unlink(missing_ok=True)
        model.objects.filter(pk=job.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, stored_name="", size=0
        )
        count += 1
    return count


def expire_statements() -> int:
    return expire_files(StatementExport)
