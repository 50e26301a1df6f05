"""KYC review requests (T "Kycreview") and the documents each one submitted, with the decision
compliance took on every document."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backoffice.models import FastLoading
from customers.choices import KycLevel, KycReview

from ..choices import REVIEW_COLOURS, ReviewStatus
from .documents import Document


class Review(FastLoading, models.Model):
    """One request for a review of a customer (and, for a company, of its KYB group, submitted
    together). The customer's ``kyc_level`` / ``kyc_review`` before the request and after the
    decision are kept, so the history reads without the audit log."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="kyc_reviews")
    status = models.CharField(max_length=20, choices=ReviewStatus, default=ReviewStatus.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level_before = models.PositiveSmallIntegerField(choices=KycLevel)
    review_before = models.PositiveSmallIntegerField(choices=KycReview)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level_after = models.PositiveSmallIntegerField(choices=KycLevel, null=True, blank=True)
    reason = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, through="ReviewDocument", related_name="reviews")

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "requested_at"], name="kyc_review_queue")]
        constraints = [
            # One review at a time per customer.
            models.UniqueConstraint(fields=["customer"], condition=Q(status="pending"), name="kyc_review_one_pending")
        ]

    def __str__(self):
        return f"KYC review #{self.pk} ({self.get_status_display().lower()})"

    @property
    def status_colour(self) -> str:
        return REVIEW_COLOURS.get(self.status, "secondary")

    @property
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING


class ReviewDocument(models.Model):
    """A document submitted with a review; ``refusal_reason`` is set when compliance refused it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="submitted")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["review", "document"], name="review_document_once")]

    def __str__(self):
        return f"{self.document} in {self.review}"
