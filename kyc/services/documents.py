"""Documents: uploaded through ``kyc.uploads`` (nothing stored unless every file passes), looked
at through an audited view, pre-reviewed by the first line or canceled on the customer's request.
The decision (validated / refused) belongs to the review (``kyc.services.reviews``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from customers.choices import KycLevel, Status
from customers.models import Customer
from customers.services.common import CANCELED_REFUSAL, require_open_customer

from .. import work_items
from ..choices import IDENTITY_DOCUMENTS, DocumentSource, DocumentStatus
from ..models import Document, ReviewDocument
from ..uploads import MAX_FILES, UploadRefused, inspect_uploads, read_bounded, store


@dataclass(frozen=True)
class DocumentDetails:
    document_type: int
    issuing_country: str = ""
    number: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None


def upload_documents(
    *,
    actor,
    customer: Customer,
    details: DocumentDetails,
    files: list[tuple[str, bytes | BinaryIO]],
    source: str = DocumentSource.STAFF,
) -> list[Document]:
    """Keep ``files`` (several at once: the pages of one document) as documents of ``customer``.
    All or nothing: every file is checked before any is stored, and a failure later removes
    what was written. A file may be given as its bytes or as an open file, read only up to the
    size limit."""
    if not files:
        raise DomainError("Choose at least one file.", field="files")
    if len(files) > MAX_FILES:
        raise DomainError(f"At most {MAX_FILES} files at once: upload the rest separately.", field="files")
    if details.issue_date and details.expiry_date and details.expiry_date < details.issue_date:
        raise DomainError("The expiry date is before the issue date.", field="expiry_date")
    try:
        cleaned = inspect_uploads([(name, read_bounded(given)) for name, given in files])
    except UploadRefused as error:
        raise DomainError(str(error), field="files") from error
    folder, written = settings.KYC_DOCUMENTS_DIR, []
    try:
        with transaction.atomic():
            customer = Customer.objects.select_for_update().get(pk=customer.pk)
            require_open_customer(customer, "adding a document")
            if customer.kyc_level == KycLevel.REFUSED:
                raise DomainError("This customer's KYC was refused for good: no document can be added.")
            documents = []
            for clean in cleaned:
                stored = store(clean, folder)
                written.append(folder / stored)
                document = Document.objects.create(
                    customer=customer,
                    document_type=details.document_type,
                    stored_name=stored,
                    original_name=clean.original_name,
                    content_type=clean.content_type,
                    size=len(clean.content),
                    sha256=hashlib.sha256(clean.content).hexdigest(),
                    issuing_country=details.issuing_country,
                    number=details.number,
                    issue_date=details.issue_date,
                    expiry_date=details.expiry_date,
                    source=source,
                    uploaded_by=actor if isinstance(actor, StaffUser) else None,
                )
                audit.record(
                    action="kyc.document.uploaded",
                    actor=actor,
                    customer_id=customer.pk,
                    target=document,
                    changes={
                        "type": [None, document.get_document_type_display()],
                        "file": [None, document.original_name],
                        "size": [None, document.size],
                        "source": [None, document.get_source_display()],
                    },
                )
                work_items.document_uploaded(document)
                documents.append(document)
    except BaseException:
        for path in written:  # nothing half-saved: the rows rolled back, the files go too
            path.unlink(missing_ok=True)
        raise
    return documents


def record_document_access(*, actor, document: Document, download: bool) -> None:
    """Every look at a document file is in the audit log (DESIGN.md)."""
    with transaction.atomic():
        audit.record(
            action="kyc.document.downloaded" if download else "kyc.document.viewed",
            actor=actor,
            customer_id=document.customer_id,
            target=document,
        )


PAGES_AUDIT_WINDOW = 10 * 60  # seconds


def record_document_pages_viewed(*, actor, document: Document) -> bool:
    """A look at the document's rendered pages (``kyc-document-page``) is a look at the document:
    audited as ``kyc.document.viewed``, like the file, but once per staff member and document in
    ``PAGES_AUDIT_WINDOW``, not once per page image (a 20-page PDF shows 21 images at once, and
    each next / previous another). Returns whether an entry was written."""
    if not cache.add(f"kyc-pages-viewed:{actor.pk}:{document.pk}", True, timeout=PAGES_AUDIT_WINDOW):
        return False
    record_document_access(actor=actor, document=document, download=False)
    return True


# command → {from status: to status}: the first line's pre-review, and a cancellation on the
# customer's request; the decision (validated / refused) belongs to the review.
DOCUMENT_TRANSITIONS: dict[str, dict[str, str]] = {
    "prevalidate": {DocumentStatus.PENDING: DocumentStatus.PRE_VALIDATED},
    "prerefuse": {DocumentStatus.PENDING: DocumentStatus.PRE_REFUSED},
    "cancel": {
        DocumentStatus.PENDING: DocumentStatus.CANCELED,
        DocumentStatus.PRE_VALIDATED: DocumentStatus.CANCELED,
        DocumentStatus.PRE_REFUSED: DocumentStatus.CANCELED,
    },
}
AUDIT_VERBS = {"prevalidate": "prevalidated", "prerefuse": "prerefused", "cancel": "canceled"}
DOCUMENT_REFUSALS = {
    "prevalidate": "Only a pending document is pre-reviewed; this one is {status}.",
    "prerefuse": "Only a pending document is pre-reviewed; this one is {status}.",
    "cancel": "This document is {status}: it can no longer be canceled. Upload a new one instead.",
}


PREREVIEWS = ("prevalidate", "prerefuse")


def document_refusal(document: Document, command: str, actor=None) -> str | None:
    """Why ``document`` does not offer ``command`` now (the customer deactivated, its status, the
    staff member who uploaded it pre-reviewing it), or None."""
    if document.customer.status == Status.CANCELED:
        return CANCELED_REFUSAL.format(what="reviewing a document")
    if document.status not in DOCUMENT_TRANSITIONS[command]:
        return DOCUMENT_REFUSALS[command].format(status=document.get_status_display().lower())
    if command in PREREVIEWS and isinstance(actor, StaffUser) and document.uploaded_by_id == actor.pk:
        return "You uploaded this document: another person pre-reviews it (segregation of duties)."
    if command == "cancel" and ReviewDocument.objects.filter(document=document, review__status="pending").exists():
        return "This document was submitted with the pending review: it can no longer be canceled."
    return None


def prevalidate_document(*, actor, document: Document, comment: str = "", expiry_date=None) -> Document:
    """The document passes the first-line check (readable, complete, the right type). An identity
    document's expiry date is read here (re-KYC opens its work item from it): the one the reviewer
    read replaces the uploader's; one already past is refused."""
    return _change_status(actor, document, "prevalidate", comment, expiry_date=expiry_date)


def prerefuse_document(*, actor, document: Document, comment: str) -> Document:
    """The document fails the first-line check; the comment (required) says what to send instead."""
    return _change_status(actor, document, "prerefuse", comment)


def cancel_document(*, actor, document: Document, comment: str) -> Document:
    """Withdraw the document on the customer's request, before its review, with the reason."""
    return _change_status(actor, document, "cancel", comment)


@transaction.atomic
def _change_status(actor, document: Document, command: str, comment: str, expiry_date=None) -> Document:
    document = Document.objects.select_for_update(of=("self",)).select_related("customer").get(pk=document.pk)
    refusal = document_refusal(document, command, actor)
    if refusal:
        raise DomainError(refusal)
    comment = comment.strip()
    if command in ("prerefuse", "cancel") and not comment:
        raise DomainError("Say why: the comment is required.", field="comment")
    changes = {}
    if command == "prevalidate" and document.document_type in IDENTITY_DOCUMENTS:
        expiry = _read_expiry(document, expiry_date)
        if expiry != document.expiry_date:
            changes["expiry_date"] = [_iso(document.expiry_date), _iso(expiry)]
            document.expiry_date = expiry
    before = document.status
    document.status = DOCUMENT_TRANSITIONS[command][before]
    document.review_comment = comment
    fields = ["status", "review_comment", *changes]
    if command != "cancel":
        document.reviewed_at, document.reviewed_by = timezone.now(), actor if isinstance(actor, StaffUser) else None
        fields += ["reviewed_at", "reviewed_by"]
    document.save(update_fields=fields)
    audit.record(
        action=f"kyc.document.{AUDIT_VERBS[command]}",
        actor=actor,
        customer_id=document.customer_id,
        target=document,
        changes={"status": [before, document.status], **changes},
        reason=comment,
    )
    work_items.document_settled(document, actor)
    return document


def _read_expiry(document: Document, expiry_date) -> date:
    """The expiry date the first line read on an identity document (ISO text from a request
    approved later), else the uploader's; required, and not past."""
    if isinstance(expiry_date, str):
        expiry_date = date.fromisoformat(expiry_date) if expiry_date else None
    expiry = expiry_date or document.expiry_date
    if expiry is None:
        raise DomainError("Read the expiry date on the document.", field="expiry_date")
    if document.issue_date and expiry < document.issue_date:
        raise DomainError("The expiry date is before the issue date.", field="expiry_date")
    if expiry < timezone.localdate():
        raise DomainError(
            f"The document expired on {expiry.isoformat()}: pre-refuse it and ask the customer for a valid one.",
            field="expiry_date",
        )
    return expiry


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
