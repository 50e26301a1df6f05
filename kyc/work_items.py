"""The KYC work that waits for a person (``work``): a document to pre-review, opened when it is
uploaded and closed when it is pre-reviewed or canceled; a KYC review to decide, opened when it
is requested and closed when it is decided, its assignee the review's own."""

from __future__ import annotations

from django.urls import reverse

from work import services as work
from work.choices import WorkKind
from work.kinds import register_link

from .choices import DocumentStatus, ReviewStatus
from .models import Document, Review

PRE_REVIEW_PERMISSION = "kyc.prereview_documents"
DECIDE_PERMISSION = "kyc.decide_kyc_review"


def register_work_links() -> None:
    register_link(WorkKind.PRE_REVIEW, lambda pk: reverse("kyc-prereview-document", args=[pk]))
    register_link(WorkKind.KYC_REVIEW, lambda pk: reverse("kyc-review-decide", args=[pk]), _review_taken)


def document_uploaded(document: Document, opened_at=None) -> None:
    work.open_item(
        kind=WorkKind.PRE_REVIEW,
        subject=document,
        title=f"{document.get_document_type_display()} of {document.customer}",
        permission=PRE_REVIEW_PERMISSION,
        customer_id=document.customer_id,
        opened_at=opened_at,
        opened_by=document.uploaded_by,
    )


def document_settled(document: Document, actor) -> None:
    work.close_items(kind=WorkKind.PRE_REVIEW, subject=document, actor=actor)


def review_requested(review: Review, opened_at=None) -> None:
    work.open_item(
        kind=WorkKind.KYC_REVIEW,
        subject=review,
        title=f"KYC review #{review.pk} of {review.customer}",
        permission=DECIDE_PERMISSION,
        customer_id=review.customer_id,
        opened_at=opened_at,
        opened_by=review.requested_by,
    )
    if review.assigned_to_id:
        review_assigned(review)


def open_demo_items() -> None:
    """The demo writes its documents and reviews directly, in the past: their items are opened
    when they were, so some are overdue as in a team's real morning."""
    pending = Document.objects.filter(status=DocumentStatus.PENDING).select_related("customer")
    for document in pending:
        document_uploaded(document, opened_at=document.uploaded_at)
    for review in Review.objects.filter(status=ReviewStatus.PENDING).select_related("customer"):
        review_requested(review, opened_at=review.requested_at)


def review_assigned(review: Review) -> None:
    work.follow_assignee(kind=WorkKind.KYC_REVIEW, subject=review, assignee=review.assigned_to)


def review_decided(review: Review, actor) -> None:
    work.close_items(kind=WorkKind.KYC_REVIEW, subject=review, actor=actor)


def _review_taken(review_id: str, assignee) -> None:
    """ "Take next" on ``/work/`` gave the review to ``assignee``: the review queue says so too."""
    from django.utils import timezone

    Review.objects.filter(pk=review_id).update(assigned_to=assignee, assigned_at=timezone.now() if assignee else None)
