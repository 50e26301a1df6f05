"""Tax residences and documents, and the app's permissions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField

from backoffice.models import FastLoading, PermissionHolder
from customers.countries import CountryColumn

from ..choices import COLOURS, DocumentSource, DocumentStatus, DocumentType


class KycPermissions(PermissionHolder):
    """Carries the app's custom permissions (no table)."""

    class Meta(PermissionHolder.Meta):
        permissions = [
            ("upload_documents", "Upload KYC documents and edit tax residences"),
            ("prereview_documents", "Pre-review documents (first-line quality check)"),
            ("request_kyc_review", "Request a KYC review"),
            ("decide_kyc_review", "Decide KYC reviews: validate or refuse"),
            ("manage_kyc_requirements", "Configure the required documents (the KYC form)"),
            ("start_liveness", "Start a live verification session"),
            ("set_verification_level", "Set verification levels 3 to 5"),
            ("refund_vigilance_transfer", "Mark a refused customer's vigilance transfer refunded"),
        ]


class TaxResidence(models.Model):
    """A country where the customer pays tax, with its TIN (T "Edit tax residences"). The TIN is
    optional except for the United States and for a "specified US person"; elsewhere a signed
    liability waiver may stand in for a missing TIN. Removed residences are kept, marked
    deleted (who, when), for the audit trail."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="tax_residences")
    country: CountryColumn = CountryField()
    tin = models.CharField("Tax identification number", max_length=30, blank=True)
    tin_waiver = models.BooleanField(
        "Liability waiver instead of a TIN",
        default=False,
        help_text="The customer signed a waiver for the missing TIN.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["country", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "country"], condition=Q(deleted_at__isnull=True), name="tax_residence_once"
            )
        ]

    def __str__(self):
        return f"{self.country.name}: {self.tin or ('waiver' if self.tin_waiver else 'no TIN')}"


class Document(FastLoading, models.Model):
    """A KYC document. The file lives in the private folder ``KYC_DOCUMENTS_DIR`` under a random
    ``stored_name``; the client's file name is kept for display only. A validated or refused
    document is never replaced or edited: a new one is uploaded."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="kyc_documents")
    document_type = models.PositiveSmallIntegerField("Type", choices=DocumentType)
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField("File name", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    issuing_country: CountryColumn = CountryField(blank=True)
    number = models.CharField("Document number", max_length=50, blank=True)
    issue_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=DocumentStatus, default=DocumentStatus.PENDING)
    review_comment = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=DocumentSource, default=DocumentSource.STAFF)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "status"], name="kyc_document_customer_status"),
            models.Index(fields=["status", "uploaded_at"], name="kyc_document_queue"),
        ]

    def __str__(self):
        return f"{self.get_document_type_display()} ({self.original_name})"

    @property
    def awaits_review(self) -> bool:
        """Not decided yet: pending or pre-reviewed (and so still cancelable)."""
        return self.status in (DocumentStatus.PENDING, DocumentStatus.PRE_VALIDATED, DocumentStatus.PRE_REFUSED)

    @property
    def status_colour(self) -> str:
        return COLOURS.get(self.status, "secondary")
