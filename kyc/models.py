"""Who the customer is proven to be: tax residences (documents, reviews and liveness sessions
arrive next)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField

from backoffice.models import PermissionHolder


class KycPermissions(PermissionHolder):
    """Carries the app's custom permissions (no table)."""

    class Meta(PermissionHolder.Meta):
        permissions = [
            ("upload_documents", "Upload KYC documents and edit tax residences"),
            ("prereview_documents", "Pre-review documents (first-line quality check)"),
            ("request_kyc_review", "Request a KYC review"),
            ("decide_kyc_review", "Decide KYC reviews: validate or refuse"),
            ("manage_kyc_requirements", "Configure the required documents (the KYC form)"),
        ]


class TaxResidence(models.Model):
    """A country where the customer pays tax, with its TIN (T "Edit tax residences"). The TIN is
    optional except for the United States and for a "specified US person"; elsewhere a signed
    liability waiver may stand in for a missing TIN. Removed residences are kept, marked
    deleted (who, when), for the audit trail."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="tax_residences")
    country = CountryField()
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
