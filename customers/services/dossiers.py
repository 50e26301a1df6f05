"""Regulator dossiers as DESIGN.md's background jobs, as statements are
(``customers.services.statements``): a row first (``request_dossier``, a declared command, the
task queued once the row commits); the task claims it with a lease, writes the PDF under a
temporary name, hashes it and renames it into place, then marks it done and records the file's
SHA-256 in the audit log, in one transaction. A second delivery of the task finds it done (or
claimed) and returns; a killed worker's lease expires and the sweep queues the job again; no
half-written file ever carries the final name.

What the dossier says is what its requester may see (each section reads as the requester, and
a section their role may not see is withheld): it is built for them, and only they (and those
who see everyone's exports and at least what the requester saw, ``selectors.exports``) may
download it.

That a dossier was asked for at all is confidential: a regulator's investigation must not reach
the customer (tipping-off), so every audit entry about a dossier (requested, built, failed,
built again, downloaded) and the work item of a failed one are recorded confidential
(``record_dossier``): the History tab, the audit log and the profile's Work tab leave them out
for roles that may not see confidential data (a support agent learns neither the reason nor that
a dossier exists)."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backoffice import audit, jobs
from backoffice.errors import DomainError
from backoffice.markup import local_minute

from .. import events
from ..dossier.pdf import Written, write_dossier
from ..dossier.registry import dossier_sections
from ..models import Customer, DossierExport, ExportStatus
from .statements import expire_files, stuck_ids

logger = logging.getLogger(__name__)
BUILDER = audit.SystemActor("celery:regulator-dossier")
EXPORT_DOSSIER = "customers.export_dossier"


def record_dossier(*, action: str, actor, job: DossierExport, **fields) -> None:
    """One audit entry about ``job``, confidential (see the module's docstring)."""
    audit.record(action=action, actor=actor, customer_id=job.customer_id, target=job, confidential=True, **fields)


def _queue(job_id: int) -> None:
    from ..tasks import build_dossier

    jobs.enqueue(build_dossier, job_id, what=f"Dossier {job_id}")


@transaction.atomic
def request_dossier(*, actor, customer: Customer, reason: str) -> DossierExport:
    """The command ``customers.dossier.request``: the job's row, audited with why it was asked."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the dossier is needed (the auditor, their request's reference).", field="reason")
    job = DossierExport.objects.create(customer=customer, requested_by=actor)
    record_dossier(action="customers.dossier.requested", actor=actor, job=job, reason=reason)
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _contents(job: DossierExport) -> list[Written]:
    """Every registered section as the requester may see it (a withheld one is never read)."""
    return [
        Written(section.title, section.blocks(job.requested_by, job.customer)) for section in dossier_sections.all()
    ]


def _cover(job: DossierExport, contents: list[Written]) -> list[tuple[str, str]]:
    customer, requester = job.customer, job.requested_by
    name = requester.get_full_name()
    return [
        ("Customer", f"{customer} (id {customer.pk}, public id {customer.public_id})"),
        ("Kind", customer.get_kind_display()),
        ("Requested by", f"{requester.get_username()}" + (f" ({name})" if name else "")),
        ("Requested at", local_minute(job.created_at) + f" ({timezone.get_current_timezone_name()})"),
        ("Built at", local_minute(timezone.now()) + f" ({timezone.get_current_timezone_name()})"),
        ("Dossier", f"#{job.pk}"),
        ("Sections", f"{len(contents)}, {sum(1 for w in contents if w.blocks is None)} withheld"),
    ]


def build_dossier(job_id: int) -> DossierExport | None:
    """Write the job's file once. Returns the job when this run built it, None otherwise."""
    job = jobs.claim(
        DossierExport,
        job_id,
        waiting=ExportStatus.PENDING,
        running=ExportStatus.RUNNING,
        lease=settings.STATEMENT_LEASE,
        progress=0,
        error="",
    )
    if job is None:
        return None
    job = DossierExport.objects.select_related("customer", "requested_by").get(pk=job.pk)
    folder = settings.STATEMENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(16)}.pdf"
    temporary = folder / f".{stored}.part"

    def touch() -> None:
        """A living worker's temporary file stays fresh, so the sweep never takes it for abandoned."""
        if temporary.exists():
            os.utime(temporary)

    with jobs.Heartbeat(job, lease=settings.STATEMENT_LEASE, on_beat=touch) as heartbeat:
        try:
            contents = _contents(job)
            heartbeat.update(progress=50)  # the reads done; the drawing is the other half
            total = max(len(contents), 1)
            pages = write_dossier(
                temporary,
                title=f"Regulator dossier — {job.customer} — #{job.pk}",
                cover=_cover(job, contents),
                sections=contents,
                progress=lambda done: heartbeat.update(progress=min(99, 50 + done * 50 // total)),
            )
            digest = sha256_of(temporary)
            os.replace(temporary, folder / stored)  # atomic: the final name only ever holds a whole file
        except Exception as error:
            temporary.unlink(missing_ok=True)
            with transaction.atomic():
                failed = DossierExport.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
                    status=ExportStatus.FAILED, error=str(error)[:300] or error.__class__.__name__, claimed_at=None
                )
                if failed:  # the requester's work: retry it (work.delivery_items)
                    events.delivery_failed(
                        events.DeliveryFailed(
                            subject=job,
                            customer_id=job.customer_id,
                            title=f"Regulator dossier of {job.customer} not produced",
                            permission=EXPORT_DOSSIER,
                            requested_by=job.requested_by,
                            confidential=True,
                        )
                    )
                    record_dossier(
                        action="customers.dossier.failed",
                        actor=BUILDER,
                        job=job,
                        changes={"status": [ExportStatus.RUNNING, ExportStatus.FAILED]},
                    )
            logger.exception("Dossier %s failed", job.pk)
            return None
    now = timezone.now()
    size = (folder / stored).stat().st_size
    with transaction.atomic():
        updated = DossierExport.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.DONE,
            stored_name=stored,
            size=size,
            sha256=digest,
            pages=pages,
            sections=[[written.title, written.blocks is None] for written in contents],
            progress=100,
            finished_at=now,
            expires_at=now + settings.STATEMENT_EXPIRY,
            claimed_at=None,
        )
        if updated:
            record_dossier(
                action="customers.dossier.built",
                actor=BUILDER,
                job=job,
                changes={"sha256": [None, digest], "size": [None, size], "pages": [None, pages]},
            )
    if not updated:  # another run finished first (a lease taken over): keep its file, drop ours
        (folder / stored).unlink(missing_ok=True)
        return None
    job.refresh_from_db()
    return job


@transaction.atomic
def retry_dossier(*, actor, job: DossierExport) -> DossierExport:
    job = DossierExport.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ExportStatus.FAILED, ExportStatus.EXPIRED):
        raise DomainError("Only a failed or expired dossier is built again.")
    before = job.status
    job.status, job.progress, job.error, job.stored_name, job.size, job.sha256 = ExportStatus.PENDING, 0, "", "", 0, ""
    job.save(update_fields=["status", "progress", "error", "stored_name", "size", "sha256"])
    record_dossier(
        action="customers.dossier.retried",
        actor=actor,
        job=job,
        changes={"status": [before, ExportStatus.PENDING]},
    )
    events.delivery_settled(job, actor)
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def requeue_stuck(older_than=None) -> list[int]:
    """Dossiers pending for a while (their task lost) or running under an expired lease. The
    temporary files killed workers left are removed by the statements' sweep (same folder)."""
    ids = stuck_ids(DossierExport, older_than)
    for job_id in ids:
        _queue(job_id)
    return ids


def expire_dossiers() -> int:
    """Delete the files past their expiry; the rows stay (the history, with the hash), marked expired."""
    return expire_files(DossierExport)
