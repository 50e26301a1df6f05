"""The KYC work that waits for a person (``work``): a document to pre-review, opened when it is
uploaded and closed when it is pre-reviewed or canceled; a KYC review to decide, opened when it
is requested and closed when it is decided, its assignee the review's own; a vigilance transfer
to send back, opened when a refusal asks for it and closed when it is marked refunded; an
identity document expiring, opened by the hourly sweep and closed when a newer one passes the
first line."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from customers.choices import Status
from work import services as work
from work.choices import WorkKind
from work.kinds import register_link, target_of
from work.models import WorkItem

from .choices import IDENTITY_DOCUMENTS, DocumentStatus, ReviewStatus
from .models import Document, Review, VigilanceRefund

PRE_REVIEW_PERMISSION = "kyc.prereview_documents"
UPLOAD_PERMISSION = "kyc.upload_documents"  # asking the customer for a new document
DECIDE_PERMISSION = "kyc.decide_kyc_review"
REFUND_PERMISSION = "kyc.refund_vigilance_transfer"


def register_work_links() -> None:
    register_link(WorkKind.PRE_REVIEW, lambda item: reverse("kyc-prereview-document", args=[item.subject_id]))
    register_link(WorkKind.KYC_REVIEW, lambda item: reverse("kyc-review-decide", args=[item.subject_id]), _review_taken)
    register_link(WorkKind.DOCUMENT_EXPIRY, lambda item: reverse("kyc-document-view", args=[item.subject_id]))
    register_link(
        WorkKind.VIGILANCE_REFUND,
        lambda item: reverse("kyc-vigilance-refunded", args=[item.customer_id, item.subject_id]),
    )


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
    if document.status == DocumentStatus.PRE_VALIDATED and document.document_type in IDENTITY_DOCUMENTS:
        # A new identity document (of any kind: an identity card replaces a passport) passed the
        # first line: the older ones' re-KYC is done.
        older = Document.objects.filter(customer_id=document.customer_id, document_type__in=IDENTITY_DOCUMENTS)
        for replaced in older.exclude(pk=document.pk):
            work.close_items(kind=WorkKind.DOCUMENT_EXPIRY, subject=replaced, actor=actor)


def open_expiring_documents(today: date | None = None) -> int:
    """The periodic sweep (time-driven, DESIGN.md "Work items"): each identity document still in
    force that expires within the kind's days ahead, of a customer not deactivated, is an item due
    on its expiry date; how many were opened."""
    today = today or timezone.localdate()
    ahead = target_of(WorkKind.DOCUMENT_EXPIRY).days_ahead or 30
    expiring = Document.objects.filter(
        document_type__in=IDENTITY_DOCUMENTS,
        status__in=(DocumentStatus.PRE_VALIDATED, DocumentStatus.VALIDATED),
        expiry_date__isnull=False,
        expiry_date__lte=today + timedelta(days=ahead),
    ).exclude(customer__status=Status.CANCELED)
    # Once per document: an item opened before (done or not) is not opened again.
    opened = WorkItem.objects.filter(
        kind=WorkKind.DOCUMENT_EXPIRY,
        subject_model="kyc.document",
        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    count = 0
    newer = Document.objects.filter(
        customer_id=OuterRef("customer_id"),
        document_type__in=IDENTITY_DOCUMENTS,
        status__in=(DocumentStatus.PENDING, DocumentStatus.PRE_VALIDATED, DocumentStatus.VALIDATED),
        uploaded_at__gt=OuterRef("uploaded_at"),
    )
    expiring = expiring.exclude(Exists(newer)).exclude(Exists(opened))
    for document in expiring.select_related("customer"):
        expiry = document.expiry_date
        if expiry is None:  # filtered on already: for the type checker
            continue
        expired = expiry < today
        work.open_item(
            kind=WorkKind.DOCUMENT_EXPIRY,
            subject=document,
            title=f"{document.get_document_type_display()} of {document.customer} "
            f"{'expired' if expired else 'expires'} on {expiry:%Y-%m-%d}",
            permission=UPLOAD_PERMISSION,
            customer_id=document.customer_id,
            due_at=timezone.make_aware(datetime.combine(expiry, time(0))),
        )
        count += 1
    return count


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
    for refund in VigilanceRefund.objects.filter(status="requested").select_related("customer"):
        refund_requested(refund, opened_at=refund.requested_at)
    _demo_history()


def _demo_history() -> None:
    """The work the demo's reviewed documents and decided reviews were, opened and closed when
    they were (the work metrics' weeks)."""
    reviewed = Document.objects.filter(reviewed_at__isnull=False, uploaded_at__isnull=False).select_related("customer")
    for document in reviewed:
        document_uploaded(document, opened_at=document.uploaded_at)
        work.close_items(
            kind=WorkKind.PRE_REVIEW, subject=document, actor=document.reviewed_by, closed_at=document.reviewed_at
        )
    for review in Review.objects.filter(decided_at__isnull=False).select_related("customer"):
        review_requested(review, opened_at=review.requested_at)
        work.close_items(kind=WorkKind.KYC_REVIEW, subject=review, actor=review.decided_by, closed_at=review.decided_at)


def review_assigned(review: Review) -> None:
    work.follow_assignee(kind=WorkKind.KYC_REVIEW, subject=review, assignee=review.assigned_to)


def review_decided(review: Review, actor) -> None:
    work.close_items(kind=WorkKind.KYC_REVIEW, subject=review, actor=actor)


def _review_taken(review_id: str, assignee) -> None:
    """ "Take next" on ``/work/`` gave the review to ``assignee``: the review queue says so too."""
    Review.objects.filter(pk=review_id).update(assigned_to=assignee, assigned_at=timezone.now() if assignee else None)


def refund_requested(refund: VigilanceRefund, opened_at=None) -> None:
    work.open_item(
        kind=WorkKind.VIGILANCE_REFUND,
        subject=refund,
        title=f"Send back the vigilance transfer of {refund.customer} ({refund.amount} {refund.currency})",
        permission=REFUND_PERMISSION,
        customer_id=refund.customer_id,
        opened_at=opened_at,
    )


def refund_settled(refund: VigilanceRefund, actor) -> None:
    work.close_items(kind=WorkKind.VIGILANCE_REFUND, subject=refund, actor=actor)
