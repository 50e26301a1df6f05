"""The vigilance transfer's refund (seed 002, "Additional vigilance measures": "Transfer must be
refunded if the User is not KYC-validated"), tracked as a task: requested when a refusal leaves
a customer whose vigilance payin was booked without KYC validation, refunded once the payment
team confirms the payinrefund was sent (its reference kept)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from customers.models.holdings import MONEY


class VigilanceRefundStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    REFUNDED = "refunded", "Refunded"


class VigilanceRefund(models.Model):
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="vigilance_refunds")
    # One refund per transfer: a second refusal does not ask for it twice.
    payin = models.OneToOneField("customers.Transaction", on_delete=models.PROTECT, related_name="vigilance_refund")
    review = models.ForeignKey("kyc.Review", on_delete=models.PROTECT, related_name="vigilance_refunds")
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=VigilanceRefundStatus, default=VigilanceRefundStatus.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refunded_at = models.DateTimeField(null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField("Refund reference", max_length=35, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"Refund of the vigilance transfer #{self.payin_id} ({self.get_status_display().lower()})"
