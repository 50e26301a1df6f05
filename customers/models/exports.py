"""Statement exports (C "Statement"): a database row first, then a file built by a Celery task.

DESIGN.md "Background jobs that never lose or duplicate": the task claims the row with a lease,
writes under a temporary name and renames into place, then marks it done; a second run finds it
done and returns. The file lives in ``STATEMENTS_DIR`` (private) until ``expires_at``."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from backoffice.models import LeasedJob

from ..choices import Currency
from .customer import Customer


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (XLSX)"
    CSV = "csv", "CSV"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    RUNNING = "running", "In progress"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class StatementExport(LeasedJob):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="statement_exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    account_ids = models.JSONField(default=list, blank=True, help_text="Empty: every account of the customer.")
    currencies = models.JSONField(default=list, blank=True, help_text="Empty: every currency.")
    start_date = models.DateField()
    end_date = models.DateField()
    format = models.CharField(max_length=4, choices=ExportFormat)
    status = models.CharField(max_length=8, choices=ExportStatus, default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent of the rows written.")
    rows = models.PositiveIntegerField(default=0)
    stored_name = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="export_requester_time"),
            models.Index(fields=["status", "claimed_at"], name="export_status_lease"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="export_period"),
        ]

    def __str__(self):
        return f"Statement #{self.pk} of {self.customer_id} ({self.get_format_display()})"

    @property
    def file_name(self) -> str:
        """What the download is called (never the stored name)."""
        return f"statement-{self.customer_id}-{self.start_date:%Y%m%d}-{self.end_date:%Y%m%d}.{self.format}"

    @property
    def progress_step(self) -> int:
        """The progress rounded down to 5 %, for the bar's CSS class (no inline style)."""
        return self.progress // 5 * 5

    @property
    def currency_list(self) -> list[str]:
        return [c for c in self.currencies if c in Currency.values]
