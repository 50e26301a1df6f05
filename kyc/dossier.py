"""The KYC app's sections of the regulator dossier (``customers.dossier``, registered from
``KycConfig.ready``): the KYC history (reviews and their decisions, then the KYC entries of the
audit trail as the KYC tab shows them), the documents with their SHA-256 (the one stored at
upload; computed from the stored file for a document stored without one; the file itself is
never put in the dossier) and the tax residences, TINs masked as the KYC tab masks them."""

from __future__ import annotations

from django.conf import settings

from backoffice import audit_labels
from backoffice.markup import local_minute
from customers.dossier.registry import DossierSection, Table, Text, dossier_sections

from .models import Document, Review, ReviewDocument
from .selectors import kyc_history, tax_residences_as_seen_by

HERE = "kyc.dossier"


def _who(user) -> str:
    return user.get_username() if user is not None else "—"


def review_history(user, customer) -> list:
    reviews = list(
        Review.objects.filter(customer=customer).select_related("requested_by", "decided_by").order_by("requested_at")
    )
    refusals = {}
    for row in ReviewDocument.objects.filter(review__in=reviews).exclude(refusal_reason="").order_by("document_id"):
        refusals.setdefault(row.review_id, []).append(f"document #{row.document_id}: {row.refusal_reason}")
    rows = [
        [
            f"#{review.pk}",
            f"{local_minute(review.requested_at)}\n{_who(review.requested_by)}",
            f"{review.get_level_before_display()} / {review.get_review_before_display()}",
            review.get_status_display(),
            f"{local_minute(review.decided_at)}\n{_who(review.decided_by)}" if review.decided_at else "—",
            review.get_level_after_display() if review.level_after is not None else "—",
            "\n".join([review.reason, *refusals.get(review.pk, [])]).strip(),
        ]
        for review in reviews
    ]
    columns = [("Review", 0.6), ("Requested", 1.2), ("Before", 1.2), ("Decision", 1.0), ("Decided", 1.2)]
    columns += [("Level after", 0.8), ("Reason", 2.2)]
    history = [
        [local_minute(entry.occurred_at), entry.actor_label, audit_labels.action_label(entry.action), reason]
        for entry, _, reason in kyc_history(user, customer)
    ]
    return [
        Text("Reviews and decisions", subtitle=True),
        Table(columns, rows, empty="No KYC review was requested."),
        Text("KYC events (the latest, newest first; every entry is in the audit timeline)", subtitle=True),
        Table([("When", 1.1), ("Who", 1.2), ("What", 2.4), ("Reason", 2.6)], history, empty="No KYC event."),
    ]


def document_sha256(document: Document) -> str:
    """The stored hash, else the file's (read in chunks); a missing file says so."""
    if document.sha256:
        return document.sha256
    from customers.services.dossiers import sha256_of

    path = settings.KYC_DOCUMENTS_DIR / document.stored_name
    if not document.stored_name or not path.is_file():
        return "(no hash stored, and the file is missing)"
    return f"{sha256_of(path)} (computed from the file)"


def documents(user, customer) -> list:
    rows = [
        [
            f"#{document.pk} {document.get_document_type_display()}\n{document.original_name}",
            f"{document.get_status_display()}" + (f"\n{document.review_comment}" if document.review_comment else ""),
            f"{local_minute(document.uploaded_at)}\n{_who(document.uploaded_by)} ({document.get_source_display()})",
            f"{local_minute(document.reviewed_at)}\n{_who(document.reviewed_by)}" if document.reviewed_at else "—",
            document_sha256(document),
        ]
        for document in Document.objects.filter(customer=customer)
        .select_related("uploaded_by", "reviewed_by")
        .order_by("uploaded_at", "id")
    ]
    columns = [("Document", 1.7), ("Status", 1.2), ("Uploaded", 1.3), ("Reviewed", 1.1), ("SHA-256", 2.4)]
    return [Table(columns, rows, empty="No document.")]


def tax_residences(user, customer) -> list:
    rows = [
        [
            residence.country.name,
            tin or "—",
            "Yes" if residence.tin_waiver else "No",
            local_minute(residence.created_at),
        ]
        for residence, tin in tax_residences_as_seen_by(user, customer)
    ]
    columns = [("Country", 1.5), ("TIN", 1.5), ("Waiver instead of a TIN", 1.5), ("Since", 1)]
    return [Table(columns, rows, empty="No tax residence.")]


def register_sections() -> None:
    dossier_sections.register(
        DossierSection("kyc-history", "KYC history", 60, f"{HERE}.review_history"),
        DossierSection("documents", "Documents", 70, f"{HERE}.documents"),
        DossierSection("tax-residences", "Tax residences", 80, f"{HERE}.tax_residences"),
    )
