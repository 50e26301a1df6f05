"""Background work's records: the receipts of tasks run once, and the bulk actions' jobs and rows."""

from django.db import models
from django.utils import timezone

from .base import LeasedJob
from .staff import StaffUser


class TaskReceipt(models.Model):
    """The proof that a side effect (an email, a file) happened once, keyed by the task's
    idempotency key. See ``backoffice.jobs.run_once``."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.key


class BulkStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "In progress"
    DONE = "done", "Done"
    FAILED = "failed", "Stopped"


class BulkJob(LeasedJob):
    """A bulk action on a list's selection (``backoffice.bulk``), kept for its requester: the rows
    by their model and ids, or the list's filters (``query``) the job resolves with the
    requester's permissions; the parameters as the form was sent; its progress and counts."""

    requester = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="bulk_jobs")
    action = models.CharField(max_length=50, help_text="The bulk action's slug (backoffice.bulk).")
    list_name = models.CharField(max_length=100, help_text="The list it was asked from, by its URL name.")
    target_model = models.CharField(max_length=100, help_text="The rows' model label, e.g. customers.customer.")
    ids = models.JSONField(default=list, help_text="The rows' ids: those ticked, or those the filters matched.")
    query = models.CharField(max_length=2000, blank=True, help_text="The list's filters, as a query string.")
    every_match = models.BooleanField(default=False, help_text="Every row matching the filters, not the ids ticked.")
    parameters = models.JSONField(default=dict, help_text="The form's data, validated again by the job.")
    reason = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=BulkStatus.choices, default=BulkStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="bulk_job_status")]

    def __str__(self):
        return f"Bulk job {self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (BulkStatus.PENDING, BulkStatus.RUNNING)

    @property
    def progress(self) -> int:
        return min(100, self.processed * 100 // self.total) if self.total else 0


class BulkOutcome(models.TextChoices):
    DONE = "done", "Done"
    WAITING = "waiting", "Waits for approval"
    REFUSED = "refused", "Refused"


class BulkJobRow(models.Model):
    """One row of a bulk job, written in the transaction of its change: a job run again (its
    worker killed) skips the rows it holds, so no row is ever changed twice."""

    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="rows")
    object_id = models.BigIntegerField()
    label = models.CharField(max_length=200, blank=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=BulkOutcome.choices)
    reason = models.CharField(max_length=500, blank=True)
    approval = models.ForeignKey("ApprovalRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["job", "object_id"], name="bulk_job_row_once")]

    def __str__(self):
        return f"{self.job_id}:{self.object_id} {self.outcome}"
