"""The demo's KYC: documents and reviews in every stage, so the queues and the KYC tab have
something to show. Reviews pending (the customers the customer demo left at review PENDING)
with their pre-validated documents; customers with documents waiting for the pre-review;
identified customers with their validated review. Files are drawn by the sandbox provider."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backoffice.demo import DEMO_CUSTOMERS, scaled
from backoffice.models import AuditEntry, StaffUser
from customers.choices import KycLevel, KycReview, Status
from customers.models import Customer

from .choices import DocumentStatus, DocumentType, ReviewStatus
from .liveness.sandbox import draw_passport, draw_proof_of_address
from .models import Document, Review, ReviewDocument
from .uploads import inspect_upload, store
from .work_items import open_demo_items, open_expiring_documents

# In the full demo (DEMO_CUSTOMERS); a smaller one has proportionally fewer. Drawing the documents
# is most of the demo's time.
PENDING_REVIEWS, WAITING_PRE_REVIEW, VALIDATED_REVIEWS = 25, 20, 30


def _document(customer, document_type, status, uploaded_at, *, by=None, reviewer=None) -> Document:
    passport = document_type == DocumentType.PASSPORT
    data = (draw_passport if passport else draw_proof_of_address)(f"demo-{customer.pk}", customer)
    clean = inspect_upload("passport.png" if passport else "electricity-bill.png", data)
    reviewed = status != DocumentStatus.PENDING
    return Document.objects.create(
        customer=customer,
        document_type=document_type,
        stored_name=store(clean, settings.KYC_DOCUMENTS_DIR),
        original_name=clean.original_name,
        content_type=clean.content_type,
        size=len(clean.content),
        sha256=hashlib.sha256(clean.content).hexdigest(),
        issuing_country=customer.nationality.code if passport and customer.nationality else "",
        expiry_date=_demo_expiry(customer) if passport else None,
        status=status,
        uploaded_at=uploaded_at,
        uploaded_by=by,
        reviewed_at=uploaded_at + timedelta(hours=3) if reviewed else None,
        reviewed_by=reviewer if reviewed else None,
    )


def _demo_expiry(customer):
    """Most passports valid for years; one in about twenty expired or expiring within a month
    (re-KYC work on ``/work/``). From the customer's id: the same demo every time."""
    return timezone.localdate() + timedelta(days=(customer.pk * 37) % 2400 - 60)


def _review(
    customer,
    documents,
    requested_at,
    *,
    by,
    status=ReviewStatus.PENDING,
    decider=None,
    assignee=None,
    decided_after=timedelta(days=1),
):
    decided = status != ReviewStatus.PENDING
    review = Review.objects.create(
        customer=customer,
        status=status,
        requested_at=requested_at,
        requested_by=by,
        level_before=KycLevel.NONE,
        review_before=KycReview.NONE,
        assigned_to=assignee or (decider if decided else None),
        assigned_at=requested_at + timedelta(hours=1) if (assignee or decided) else None,
        decided_at=requested_at + decided_after if decided else None,
        decided_by=decider if decided else None,
        level_after=KycLevel.REGULAR if decided else None,
    )
    ReviewDocument.objects.bulk_create([ReviewDocument(review=review, document=d) for d in documents])
    # The history the services would have written, dated when it happened (demo rows only).
    entries = [_entry(review, "kyc.review.requested", by, requested_at, {"kyc_review": ["None", "Pending"]})]
    if decided:
        changes = {"kyc_level": ["None", "Regular"], "kyc_review": ["Pending", "Validated"]}
        entries.append(_entry(review, "kyc.review.validated", decider, review.decided_at, changes))
    AuditEntry.objects.bulk_create(entries)
    return review


def mark_last_kyc_runs(customer_model, review_model) -> int:
    """Each decided customer's last KYC run, the date of their latest decided review (the demo's,
    and migration 0010's for what was decided before the field; the models given are the
    migration's own there)."""
    from django.db.models import OuterRef, Subquery

    from customers.choices import KYC_DECIDED_REVIEWS

    latest = review_model.objects.filter(customer=OuterRef("pk"), decided_at__isnull=False).order_by("-decided_at")
    decided = customer_model.objects.filter(kyc_review__in=KYC_DECIDED_REVIEWS, kyc_checked_at__isnull=True)
    return decided.update(kyc_checked_at=Subquery(latest.values("decided_at")[:1]))


def _entry(review, action, actor, at, changes) -> AuditEntry:
    return AuditEntry(
        occurred_at=at,
        actor=actor,
        actor_label=actor.username if actor else "demo",
        action=action,
        customer_id=review.customer_id,
        target_type="kyc.review",
        target_id=str(review.pk),
        target_repr=str(review)[:200],
        changes=changes,
    )


def create_demo_kyc(*, stdout, size: int | None = None, customers: int = DEMO_CUSTOMERS) -> None:
    if Review.objects.exists():
        stdout.write("KYC: already there.")
        return
    rng, now = random.Random(5), timezone.now()
    support = StaffUser.objects.filter(username="support").first()
    compliance = StaffUser.objects.filter(username="compliance").first()
    persons = Customer.objects.persons().exclude(status=Status.CANCELED).order_by("pk")
    with transaction.atomic():
        unreviewed = persons.filter(kyc_reviews__isnull=True)
        pending = list(unreviewed.filter(kyc_level=KycLevel.NONE)[: scaled(PENDING_REVIEWS, customers)])
        for index, customer in enumerate(pending):
            requested_at = now - timedelta(hours=rng.randint(2, 24 * 14))
            uploaded_at = requested_at - timedelta(days=1)
            documents = [
                # Pre-reviewed by another than the uploader (segregation of duties).
                _document(customer, kind, DocumentStatus.PRE_VALIDATED, uploaded_at, by=support, reviewer=compliance)
                for kind in (DocumentType.PASSPORT, DocumentType.PROOF_OF_ADDRESS)
            ]
            _review(customer, documents, requested_at, by=support, assignee=compliance if index % 5 == 0 else None)
        # The status the review gives (seed 002), as request_review would set it.
        Customer.objects.filter(pk__in=[c.pk for c in pending]).update(kyc_review=KycReview.PENDING)
        # Documents uploaded with no review requested: the status stays None.
        waiting = unreviewed.filter(kyc_level=KycLevel.NONE).exclude(pk__in=[c.pk for c in pending])[
            : scaled(WAITING_PRE_REVIEW, customers)
        ]
        for number, customer in enumerate(waiting):
            uploaded_at = now - timedelta(hours=rng.randint(1, 24 * 7))
            # Uploaded by support and by compliance in turn: each has documents to pre-review
            # (the other's; nobody pre-reviews their own).
            uploader = support if number % 2 == 0 else compliance
            for kind in (DocumentType.PASSPORT, DocumentType.PROOF_OF_ADDRESS):
                _document(customer, kind, DocumentStatus.PENDING, uploaded_at, by=uploader)
        validated = list(unreviewed.filter(kyc_level=KycLevel.REGULAR)[: scaled(VALIDATED_REVIEWS, customers)])
        for customer in validated:
            # Over the last eight weeks (the work metrics' history), after the customer's creation;
            # decided within a few hours to a week (some past their target).
            recent = now - timedelta(hours=rng.randint(48, 24 * 56))
            requested_at = max(customer.created_at + timedelta(days=1), recent)
            documents = [
                _document(customer, kind, DocumentStatus.VALIDATED, requested_at, by=support, reviewer=compliance)
                for kind in (DocumentType.PASSPORT, DocumentType.PROOF_OF_ADDRESS)
            ]
            _review(
                customer,
                documents,
                requested_at,
                by=support,
                status=ReviewStatus.VALIDATED,
                decider=compliance,
                decided_after=timedelta(hours=rng.randint(2, 24 * 7)),
            )
        # The other identified customers have no review here (identified before these records):
        # their status stays None, which is what no review gives.
        Customer.objects.filter(pk__in=[c.pk for c in validated]).update(kyc_review=KycReview.VALIDATED)
        mark_last_kyc_runs(Customer, Review)
        open_demo_items()
        open_expiring_documents()
    stdout.write(
        f"KYC: {len(pending)} reviews pending, {len(waiting)} customers with documents to pre-review, "
        f"{len(validated)} validated reviews."
    )
