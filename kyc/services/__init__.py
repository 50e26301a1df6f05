"""Every state change of the KYC app, each audited inside its transaction."""

from .documents import (
    DOCUMENT_TRANSITIONS,
    DocumentDetails,
    change_document_status,
    document_refusal,
    record_document_access,
    record_document_pages_viewed,
    upload_documents,
)
from .tax_residences import Residence, checked_residences, residences_version, update_tax_residences

__all__ = [
    "DOCUMENT_TRANSITIONS",
    "DocumentDetails",
    "Residence",
    "change_document_status",
    "checked_residences",
    "document_refusal",
    "record_document_access",
    "record_document_pages_viewed",
    "residences_version",
    "update_tax_residences",
    "upload_documents",
]
