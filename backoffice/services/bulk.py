"""Bulk actions (``backoffice.bulk``) as DESIGN.md's background jobs: a ``BulkJob`` row first;
up to ``INLINE_ROWS`` rows it runs in the request that asked, beyond it a worker claims it with a
lease (``backoffice.jobs``) and the sweep re-queues it if that worker dies.

Each row is one transaction: the row is looked up again within the requester's scope (the list's
own rows for them: never an id trusted from the page), the command's refusal is asked, then its
service runs, or, when the command waits for a second person (its ``CommandRule``), one approval
request is opened for that row; the job's ``BulkJobRow`` is written in the same transaction. A run
taking over a killed worker's job skips the rows it holds: no row is changed twice.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils import timezone

from .. import jobs
from ..bulk import INLINE_ROWS, MAX_ROWS, BulkAction, bulk_actions, list_view_of
from ..errors import DomainError
from ..models import BulkJob, BulkJobRow, BulkOutcome, BulkStatus, StaffUser
from ..pagination import bounded_count
from . import approvals

logger = logging.getLogger(__name__)
NOT_IN_SCOPE = "Not among the rows you may see (or no longer there)."


class _Asking:
    """What a list view reads of a request to give its rows: who asks, and its filters."""

    method = "GET"
    resolver_match = None
    htmx = False

    def __init__(self, user: StaffUser, query: str):
        self.user = user
        self.GET = QueryDict(query)


def _list_view(list_name: str, actor: StaffUser, query: str):
    view = list_view_of(list_name)()
    view.setup(_Asking(actor, query))  # type: ignore[arg-type]
    return view


def scope_of(list_name: str, actor: StaffUser, query: str = ""):
    """The list's own rows for ``actor`` (its selector, no filter): a ticked id outside them is refused."""
    return _list_view(list_name, actor, query).get_queryset()


def matching(list_name: str, actor: StaffUser, query: str):
    """The rows the list shows ``actor`` with the filters of ``query`` (invalid filters: none)."""
    view = _list_view(list_name, actor, query)
    assert view.filterset_class is not None
    filterset = view.filterset_class(view.request.GET or None, queryset=view.get_queryset(), request=view.request)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
    return rows.order_by("pk")


def clean_ids(values: list[str]) -> list[int]:
    """The ticked ids as sent: digits only (at most 18), each once, in their order."""
    ids = [int(value) for value in values if value.isascii() and value.isdigit() and len(value) <= 18]
    return list(dict.fromkeys(ids))


def start_bulk(
    *,
    actor: StaffUser,
    action: BulkAction,
    list_name: str,
    ids: list[int],
    every_match: bool,
    query: str,
    data: dict[str, Any],
    reason: str = "",
) -> BulkJob:
    """Store the job; run it now (up to ``INLINE_ROWS`` rows) or queue it. ``data``: the
    parameters' form data, validated again by the job."""
    if not actor.has_perm(action.permission):
        raise DomainError("You may not do this.")
    if list_name not in action.lists:
        raise DomainError("This list does not offer this action.")
    if every_match:
        count = bounded_count(matching(list_name, actor, query), MAX_ROWS)
        if count > MAX_ROWS:
            raise DomainError(f"More than {MAX_ROWS:,} rows match: narrow the filters.")
        if count <= INLINE_ROWS:  # resolved now: the job runs in this request
            ids, every_match = list(matching(list_name, actor, query).values_list("pk", flat=True)), False
    elif len(ids) > MAX_ROWS:
        raise DomainError(f"At most {MAX_ROWS:,} rows at once.")
    if not ids and not every_match:
        raise DomainError("Tick the rows first, or choose every row matching the filters.")
    job = BulkJob.objects.create(
        requester=actor,
        action=action.slug,
        list_name=list_name,
        target_model=action.declared.target_model,
        ids=ids,
        every_match=every_match,
        query=query[:2000],
        parameters=data,
        reason=reason.strip()[:1000],
        total=len(ids),
    )
    if not every_match and len(ids) <= INLINE_ROWS:
        run_bulk_job(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from ..tasks import run_bulk_job as task

    jobs.enqueue(task, job_id, what=f"Bulk job {job_id}")


def run_bulk_job(job_id: int) -> BulkJob | None:
    """Run the job's rows not done yet. The job when this run finished it, None otherwise (done
    already, or another run holds it)."""
    lease = settings.JOB_LEASE
    job = jobs.claim(BulkJob, job_id, waiting=BulkStatus.PENDING, running=BulkStatus.RUNNING, lease=lease, error="")
    if job is None:
        return None
    with jobs.Heartbeat(job, lease=lease) as heartbeat:
        try:
            _run(job, heartbeat)
        except DomainError as error:
            heartbeat.update(status=BulkStatus.FAILED, error=error.message[:300], finished_at=timezone.now())
        except Exception as error:
            logger.exception("Bulk job %s stopped", job.pk)
            heartbeat.update(status=BulkStatus.FAILED, error=str(error)[:300] or type(error).__name__)
            raise
    job.refresh_from_db()
    return job if job.status == BulkStatus.DONE else None


def _run(job: BulkJob, heartbeat: jobs.Heartbeat) -> None:
    actor = job.requester
    action = bulk_actions.get(job.action)
    if not (actor.is_active and actor.has_perm(action.permission)):
        raise DomainError(f"{actor} may no longer do this: nothing more was changed.")
    if job.every_match and not job.ids:  # resolved once, by the first run, with the requester's permissions
        ids = list(matching(job.list_name, actor, job.query).values_list("pk", flat=True)[: MAX_ROWS + 1])
        if len(ids) > MAX_ROWS:
            raise DomainError(f"More than {MAX_ROWS:,} rows match: narrow the filters.")
        job.ids, job.total = ids, len(ids)
        heartbeat.update(ids=ids, total=len(ids))
    form = action.form_class(data=job.parameters, actor=actor)
    if not form.is_valid():
        problems = "; ".join(f"{message}" for messages in form.errors.values() for message in messages)
        raise DomainError(f"The choices made are no longer valid: {problems}")
    parameters = action.parameters_of(form.cleaned_data)
    scope = scope_of(job.list_name, actor, job.query)
    done = set(job.rows.values_list("object_id", flat=True))
    processed = len(done)
    for object_id in job.ids:
        if object_id in done:
            continue
        if heartbeat.lost:  # another run took the job over: it carries on
            return
        _run_row(job, action, actor, scope, object_id, parameters)
        processed += 1
        heartbeat.update(processed=processed)
    heartbeat.update(status=BulkStatus.DONE, processed=processed, finished_at=timezone.now())


def _customer_of(target) -> int | None:
    if target._meta.label_lower == "customers.customer":
        return target.pk
    return getattr(target, "customer_id", None)


def _run_row(job: BulkJob, action: BulkAction, actor: StaffUser, scope, object_id: int, parameters) -> None:
    """One row, in one transaction with its ``BulkJobRow``: done, waiting for approval, or refused."""
    command = action.declared
    try:
        with transaction.atomic():
            if BulkJobRow.objects.filter(job=job, object_id=object_id).exists():
                return  # done by another run meanwhile
            target = scope.filter(pk=object_id).first()
            row = BulkJobRow(job=job, object_id=object_id, label=f"#{object_id}", outcome=BulkOutcome.REFUSED)
            if target is None:
                row.reason = NOT_IN_SCOPE
            else:
                row.label, row.customer_id = str(target)[:200], _customer_of(target)
                row.reason = command.refused(target, actor) or ""
                if not row.reason:
                    try:
                        with transaction.atomic():
                            approval, _ = approvals.ask_or_run(
                                command=command,
                                actor=actor,
                                target=target,
                                parameters=parameters,
                                customer_id=row.customer_id,
                                reason=job.reason,
                            )
                    except DomainError as error:
                        row.reason = error.message[:500]
                    else:
                        row.outcome = BulkOutcome.WAITING if approval else BulkOutcome.DONE
                        row.approval = approval
            row.save()
    except IntegrityError:  # another run wrote this row first: its change stands, this one rolled back
        return


def requeue_stuck(older_than=None) -> list[int]:
    """Jobs pending for a while (their task lost) or running under an expired lease."""
    now = timezone.now()
    lease = settings.JOB_LEASE
    waited = lease if older_than is None else older_than
    stuck = BulkJob.objects.filter(
        Q(status=BulkStatus.PENDING, created_at__lt=now - waited)
        | Q(status=BulkStatus.RUNNING, claimed_at__lt=now - lease)
    )
    ids = list(stuck.values_list("pk", flat=True)[:200])
    for job_id in ids:
        _queue(job_id)
    return ids


def counts_of(job: BulkJob) -> dict[str, int]:
    """How many rows were done, wait for approval, were refused (one query)."""
    counts = dict.fromkeys(BulkOutcome.values, 0)
    for outcome, count in job.rows.order_by().values_list("outcome").annotate(count=Count("pk")):
        counts[outcome] = count
    return counts
