"""The KYC vocabularies, with Treezor's values (DOMAIN.md "KYC")."""

from django.db import models


class DocumentType(models.IntegerChoices):
    """T ``documentTypeId``."""

    POLICE_RECORD = 2, "Police record"
    COMPANY_REGISTRATION = 4, "Company registration"
    CV = 6, "CV"
    SWORN_STATEMENT = 7, "Sworn statement"
    TURNOVER = 8, "Turnover"
    IDENTITY_CARD = 9, "Identity card"
    BANK_IDENTITY_STATEMENT = 11, "Bank identity statement"
    PROOF_OF_ADDRESS = 12, "Proof of address"
    MOBILE_PHONE_INVOICE = 13, "Mobile phone invoice"
    OTHER_INVOICE = 14, "Other invoice"
    RESIDENCE_PERMIT = 15, "Residence permit"
    DRIVING_LICENCE = 16, "Driving licence"
    PASSPORT = 17, "Passport"
    EMPLOYEE_PROXY = 18, "Proxy granting an employee"
    COMPANY_REGISTRATION_OFFICIAL = 19, "Company registration official paper"
    OFFICIAL_TAX_CERTIFICATE = 20, "Official tax certificate"
    EMPLOYEE_PAYMENT_NOTICE = 21, "Employee payment notice"
    USER_BANK_STATEMENT = 22, "User bank statement"
    BUSINESS_LEGAL_STATUS = 23, "Business legal status"
    TAX_STATEMENT = 24, "Tax statement"
    EXEMPTION_STATEMENT = 25, "Exemption statement"


# Identity documents carry a number, an issuing country and validity dates.
IDENTITY_DOCUMENTS = (
    DocumentType.IDENTITY_CARD,
    DocumentType.PASSPORT,
    DocumentType.RESIDENCE_PERMIT,
    DocumentType.DRIVING_LICENCE,
)


class DocumentStatus(models.TextChoices):
    """Per document: first line (pre-review), then the decision; canceled on request before review."""

    PENDING = "pending", "Pending"
    PRE_VALIDATED = "pre_validated", "Pre-validated"
    PRE_REFUSED = "pre_refused", "Pre-refused"
    VALIDATED = "validated", "Validated"
    REFUSED = "refused", "Refused"
    CANCELED = "canceled", "Canceled"


class DocumentSource(models.TextChoices):
    STAFF = "staff", "Uploaded by staff"
    LIVENESS = "liveness", "Live verification"


COLOURS = {
    DocumentStatus.PENDING: "warning",
    DocumentStatus.PRE_VALIDATED: "info",
    DocumentStatus.PRE_REFUSED: "danger",
    DocumentStatus.VALIDATED: "success",
    DocumentStatus.REFUSED: "danger",
    DocumentStatus.CANCELED: "secondary",
}
