"""Regulator dossiers (issue 21): one PDF per customer for an auditor, built by a Celery task.

A row of its own rather than a ``StatementExport``: a statement is an account period in a
chosen format (its dates are required and checked), a dossier is the whole customer as the
requester may see them, always a PDF, with its own hash. Same job discipline (DESIGN.md
"Background jobs that never lose or duplicate"): the task claims the row with a lease, writes
under a temporary name and renames into place, then marks it done; a second run finds it done
and returns. The file lives in ``STATEMENTS_DIR`` (private) until ``expires_at``.

The permission to ask for one is declared here (``customers.export_dossier``) and granted by
migration 0024."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from backoffice.models import LeasedJob

from .customer import Customer
from .exports import ExportStatus


class DossierExport(LeasedJob):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="dossier_exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=ExportStatus, default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent of the sections written.")
    sections = models.JSONField(
        default=list, blank=True, help_text="The sections written, in order: [title, withheld] pairs."
    )
    pages = models.PositiveIntegerField(default=0)
    stored_name = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the PDF, hex.")
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        default_permissions = ()
        permissions = [
            ("export_dossier", "Build a customer's regulator dossier (PDF of everything the role may see)"),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="dossier_requester_time"),
            models.Index(fields=["customer", "-created_at"], name="dossier_customer_time"),
            models.Index(fields=["status", "claimed_at"], name="dossier_status_lease"),
        ]

    def __str__(self):
        return f"Regulator dossier #{self.pk} (customer {self.customer_id})"

    @property
    def file_name(self) -> str:
        """What the download is called (never the stored name)."""
        return f"dossier-{self.customer_id}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.pdf"

    @property
    def progress_step(self) -> int:
        """The progress rounded down to 5 %, for the bar's CSS class (no inline style)."""
        return self.progress // 5 * 5
