"""Every change to what proves who the customer is: tax residences (T "Edit tax residences"),
saved all at once as the dialog shows them, audited with the list before and after (TINs are
personal data: masked in the history for support agents); documents, uploaded through
``kyc.uploads`` (nothing stored unless every file passes)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser
from customers.choices import KycLevel
from customers.models import Customer

from .choices import DocumentStatus
from .models import Document, TaxResidence
from .tin import InvalidTin, normalised_tin
from .uploads import UploadRefused, inspect_upload, store

UNITED_STATES = "US"


@dataclass(frozen=True)
class Residence:
    """One line of the dialog: an existing residence (``pk``) or a new one."""

    country: str
    tin: str = ""
    tin_waiver: bool = False
    pk: int | None = None


def checked_residences(customer: Customer, residences: list[Residence]) -> list[Residence]:
    """The lines with their TINs normalised, once the rules between them hold (T, DOMAIN.md)."""
    seen: set[str] = set()
    checked = []
    for line in residences:
        country = line.country.upper()
        name = countries.name(country) or country
        if country in seen:
            raise DomainError(f"{name} is listed twice: a country is one tax residence.")
        seen.add(country)
        try:
            tin = normalised_tin(country, line.tin)
        except InvalidTin as error:
            raise DomainError(f"{name}: {error}") from error
        if not tin and country == UNITED_STATES:
            raise DomainError("A United States tax residence needs its TIN (SSN, ITIN or EIN).")
        if not tin and not line.tin_waiver:
            raise DomainError(f"{name}: give the TIN, or tick the liability waiver the customer signed instead.")
        checked.append(Residence(country=country, tin=tin, tin_waiver=line.tin_waiver and not tin, pk=line.pk))
    if customer.is_specified_us_person and not any(r.country == UNITED_STATES and r.tin for r in checked):
        raise DomainError("This customer is a specified US person: add a United States tax residence with its TIN.")
    return checked


def _summary(residences) -> list[str]:
    return [f"{r.country}: {r.tin or ('waiver' if r.tin_waiver else '—')}" for r in residences]


@transaction.atomic
def update_tax_residences(*, actor, customer: Customer, residences: list[Residence]) -> list[TaxResidence]:
    """Save the dialog: lines kept are updated, lines removed are marked deleted, new lines added."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    staff = actor if isinstance(actor, StaffUser) else None  # a system actor is named in the audit only
    wanted = checked_residences(customer, residences)
    current = {r.pk: r for r in TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True)}
    unknown = {line.pk for line in wanted if line.pk is not None} - set(current)
    if unknown:
        raise DomainError("Someone else changed these tax residences meanwhile: reload the page and try again.")
    before = _summary(sorted(current.values(), key=lambda r: str(r.country)))
    now, kept = timezone.now(), {line.pk for line in wanted if line.pk is not None}
    for pk, residence in current.items():
        # A removed line, or one whose country changed, is closed; its replacement is a new line.
        changed_country = any(line.pk == pk and line.country != residence.country for line in wanted)
        if pk not in kept or changed_country:
            residence.deleted_at, residence.deleted_by = now, staff
            residence.save(update_fields=["deleted_at", "deleted_by"])
    for line in wanted:
        existing = current.get(line.pk)
        if existing is not None and existing.country == line.country:
            if (existing.tin, existing.tin_waiver) != (line.tin, line.tin_waiver):
                existing.tin, existing.tin_waiver = line.tin, line.tin_waiver
                existing.save(update_fields=["tin", "tin_waiver"])
            continue
        TaxResidence.objects.create(
            customer=customer,
            country=line.country,
            tin=line.tin,
            tin_waiver=line.tin_waiver,
            created_by=staff,
        )
    after_rows = list(TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True).order_by("country"))
    after = _summary(after_rows)
    if before != after:
        audit.record(
            action="kyc.tax_residences.updated",
            actor=actor,
            customer_id=customer.pk,
            target=customer,
            changes={"tax_residences": [before, after]},
            confidential_fields=["tax_residences"],
        )
    return after_rows


# --- documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentDetails:
    document_type: int
    issuing_country: str = ""
    number: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None


def upload_documents(
    *, actor, customer: Customer, details: DocumentDetails, files: list[tuple[str, bytes]]
) -> list[Document]:
    """Keep ``files`` (several at once: the pages of one document) as documents of ``customer``.
    All or nothing: every file is checked before any is stored, and a failure later removes
    what was written."""
    if not files:
        raise DomainError("Choose at least one file.", field="files")
    if details.issue_date and details.expiry_date and details.expiry_date < details.issue_date:
        raise DomainError("The expiry date is before the issue date.", field="expiry_date")
    cleaned = []
    for name, data in files:
        try:
            cleaned.append(inspect_upload(name, data))
        except UploadRefused as error:
            raise DomainError(f"{name.replace(chr(0), '')[:80]}: {error}", field="files") from error
    folder, written = settings.KYC_DOCUMENTS_DIR, []
    try:
        with transaction.atomic():
            customer = Customer.objects.select_for_update().get(pk=customer.pk)
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
                    },
                )
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


def document_refusal(document: Document, command: str) -> str | None:
    """Why ``document`` does not offer ``command`` now (its status), or None."""
    if document.status not in DOCUMENT_TRANSITIONS[command]:
        return DOCUMENT_REFUSALS[command].format(status=document.get_status_display().lower())
    return None


@transaction.atomic
def change_document_status(*, actor, document: Document, command: str, comment: str = "") -> Document:
    """Pre-validate, pre-refuse (a comment is required) or cancel (on the customer's request,
    with the reason) one document."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    refusal = document_refusal(document, command)
    if refusal:
        raise DomainError(refusal)
    comment = comment.strip()
    if command in ("prerefuse", "cancel") and not comment:
        raise DomainError("Say why: the comment is required.", field="comment")
    before = document.status
    document.status = DOCUMENT_TRANSITIONS[command][before]
    document.review_comment = comment
    fields = ["status", "review_comment"]
    if command != "cancel":
        document.reviewed_at, document.reviewed_by = timezone.now(), actor if isinstance(actor, StaffUser) else None
        fields += ["reviewed_at", "reviewed_by"]
    document.save(update_fields=fields)
    audit.record(
        action=f"kyc.document.{AUDIT_VERBS[command]}",
        actor=actor,
        customer_id=document.customer_id,
        target=document,
        changes={"status": [before, document.status]},
        reason=comment,
    )
    return document
