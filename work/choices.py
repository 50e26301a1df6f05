"""The kinds of work and their states (issue 19). ``COLOURS`` gives each state its badge."""

from django.db import models


class WorkKind(models.TextChoices):
    PRE_REVIEW = "pre_review", "Document pre-review"
    KYC_REVIEW = "kyc_review", "KYC review decision"
    APPROVAL = "approval", "Approval request"
    DOCUMENT_EXPIRY = "document_expiry", "Identity document expiring"
    RISK_REVIEW = "risk_review", "Risk review due"
    VIGILANCE_REFUND = "vigilance_refund", "Vigilance transfer refund"
    FAILED_EMAIL = "failed_email", "Email or statement not delivered"
    SCREENING_HIT = "screening_hit", "Watchlist hit"


class WorkStatus(models.TextChoices):
    OPEN = "open", "Open"
    SNOOZED = "snoozed", "Snoozed"
    DONE = "done", "Done"
    CANCELED = "canceled", "No longer needed"


# Not done yet: what the queues show and the one-per-subject rule counts.
PENDING_STATUSES = (WorkStatus.OPEN, WorkStatus.SNOOZED)

# Closed: done, or no longer needed (its customer deactivated); only done items count in the metrics.
CLOSED_STATUSES = (WorkStatus.DONE, WorkStatus.CANCELED)

COLOURS = {
    WorkStatus.OPEN: "primary",
    WorkStatus.SNOOZED: "secondary",
    WorkStatus.DONE: "success",
    WorkStatus.CANCELED: "light",
}
