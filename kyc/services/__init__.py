"""Every state change of the KYC app, each audited inside its transaction."""

from .documents import (
    DOCUMENT_TRANSITIONS,
    DocumentDetails,
    cancel_document,
    document_refusal,
    prerefuse_document,
    prevalidate_document,
    record_document_access,
    record_document_pages_viewed,
    upload_documents,
)
from .tax_residences import Residence, checked_residences, residences_version, update_tax_residences

__all__ = [
    "DOCUMENT_TRANSITIONS",
    "DocumentDetails",
    "Residence",
    "cancel_document",
    "checked_residences",
    "document_refusal",
    "prerefuse_document",
    "prevalidate_document",
    "record_document_access",
    "record_document_pages_viewed",
    "residences_version",
    "update_tax_residences",
    "upload_documents",
]
