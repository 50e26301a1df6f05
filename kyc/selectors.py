"""Reads of the KYC app, scoped to what the staff member may see."""

from __future__ import annotations

from customers.masking import sees_full_pii
from customers.models import Customer

from .models import TaxResidence


def tax_residences_of(customer: Customer) -> list[TaxResidence]:
    return list(TaxResidence.objects.filter(customer=customer, deleted_at__isnull=True).order_by("country", "id"))


def masked_tin(value: str, user) -> str:
    """The whole TIN for those who see personal data whole; its last four otherwise (DESIGN.md)."""
    if not value or sees_full_pii(user):
        return value
    return f"•••• {value[-4:]}"


def tax_residences_as_seen_by(user, customer: Customer) -> list[tuple[TaxResidence, str]]:
    return [(residence, masked_tin(residence.tin, user)) for residence in tax_residences_of(customer)]
