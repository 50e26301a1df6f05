"""Reads of the KYC app, scoped to what the staff member may see."""

from __future__ import annotations

from customers.masking import masked_last4, sees_full_pii
from customers.models import Customer

from .models import Document, TaxResidence


def tax_residences_of(customer: Customer) -> list[TaxResidence]:
    return list(TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True).order_by("country", "id"))


def masked_tin(value: str, user) -> str:
    """The whole TIN for those who see personal data whole; its last four otherwise (DESIGN.md)."""
    if not value or sees_full_pii(user):
        return value
    return masked_last4(value[-4:])


def tax_residences_as_seen_by(user, customer: Customer) -> list[tuple[TaxResidence, str]]:
    return [(residence, masked_tin(residence.tin, user)) for residence in tax_residences_of(customer)]


def documents_of(customer: Customer) -> dict[str, list[Document]]:
    """Treezor's KYC tab: documents to review, and those processed (validated, refused, canceled)."""
    documents = list(Document.objects.filter(customer=customer).select_related("uploaded_by").order_by("-uploaded_at"))
    return {
        "to_review": [d for d in documents if d.awaits_review],
        "processed": [d for d in documents if not d.awaits_review],
    }


def document_for(user, pk: int) -> Document:
    """A document whose customer the staff member may see (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    from customers.selectors import customers_visible_to

    return get_object_or_404(
        Document.objects.select_related("customer").filter(customer__in=customers_visible_to(user)), pk=pk
    )
