"""Who the customer is proven to be: tax residences, documents, the KYC form, reviews, live
verification sessions and the vigilance transfers' refunds."""

from .documents import Document, KycPermissions, TaxResidence
from .kyc_form import KycForm, KycFormRequirement
from .liveness import LivenessSession, ProviderEvent
from .provider_calls import ProviderCall, ProviderCallStatus, ProviderOperation
from .reviews import Review, ReviewDocument
from .vigilance import VigilanceRefund, VigilanceRefundStatus

__all__ = [
    "Document",
    "KycForm",
    "KycFormRequirement",
    "KycPermissions",
    "LivenessSession",
    "ProviderCall",
    "ProviderCallStatus",
    "ProviderEvent",
    "ProviderOperation",
    "Review",
    "ReviewDocument",
    "TaxResidence",
    "VigilanceRefund",
    "VigilanceRefundStatus",
]
