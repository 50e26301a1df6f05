"""The customers app's models, by subject: who the customer is (``customer``), what they hold
(``holdings``), how they sign in and what they agreed to (``security``), staff notes (``notes``),
statement exports (``exports``) and password-reset emails (``password_resets``)."""

from .customer import (
    AccessGroup,
    AccessRole,
    Address,
    ContactEmail,
    ContactPhone,
    Customer,
    CustomerDeletionRefused,
    CustomerPermissions,
    CustomerQuerySet,
    CustomerType,
    PriceList,
    Relationship,
    Tag,
    VerificationLevelName,
    aggregated_status,
    aggregated_status_filter,
)
from .dossiers import DossierExport
from .exports import ExportFormat, ExportStatus, StatementExport
from .holdings import Account, Beneficiary, Card, TopUpCard, Transaction
from .notes import Note
from .password_resets import PasswordReset, ResetStatus
from .records import CustomerMetadata, EmploymentRecord
from .security import ApiKey, LegalAgreement, LegalAgreementEvent, ScaDevice, TwoFactorMethod

__all__ = [
    "AccessGroup",
    "AccessRole",
    "Account",
    "Address",
    "ApiKey",
    "Beneficiary",
    "Card",
    "ContactEmail",
    "ContactPhone",
    "Customer",
    "CustomerDeletionRefused",
    "CustomerMetadata",
    "CustomerPermissions",
    "CustomerQuerySet",
    "CustomerType",
    "DossierExport",
    "EmploymentRecord",
    "ExportFormat",
    "ExportStatus",
    "LegalAgreement",
    "LegalAgreementEvent",
    "Note",
    "PasswordReset",
    "PriceList",
    "Relationship",
    "ResetStatus",
    "ScaDevice",
    "StatementExport",
    "Tag",
    "TopUpCard",
    "Transaction",
    "TwoFactorMethod",
    "VerificationLevelName",
    "aggregated_status",
    "aggregated_status_filter",
]
