"""Who the customer is proven to be: tax residences, documents, the KYC form, reviews and live
verification sessions."""

from .documents import Document, KycPermissions, TaxResidence
from .kyc_form import KycForm, KycFormRequirement
from .liveness import LivenessSession, ProviderEvent
from .reviews import Review, ReviewDocument

__all__ = [
    "Document",
    "KycForm",
    "KycFormRequirement",
    "KycPermissions",
    "LivenessSession",
    "ProviderEvent",
    "Review",
    "ReviewDocument",
    "TaxResidence",
]
