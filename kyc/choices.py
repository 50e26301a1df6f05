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


COLOURS: dict[str, str] = {
    DocumentStatus.PENDING: "warning",
    DocumentStatus.PRE_VALIDATED: "info",
    DocumentStatus.PRE_REFUSED: "danger",
    DocumentStatus.VALIDATED: "success",
    DocumentStatus.REFUSED: "danger",
    DocumentStatus.CANCELED: "secondary",
}


class ReviewStatus(models.TextChoices):
    """A review request (T ``PUT /users/{id}/Kycreview``): pending until compliance decides."""

    PENDING = "pending", "Pending"
    VALIDATED = "validated", "Validated"
    REFUSED = "refused", "Refused"
    REFUSED_PERMANENTLY = "refused_permanently", "Refused permanently"


REVIEW_COLOURS: dict[str, str] = {
    ReviewStatus.PENDING: "warning",
    ReviewStatus.VALIDATED: "success",
    ReviewStatus.REFUSED: "danger",
    ReviewStatus.REFUSED_PERMANENTLY: "dark",
}


class LivenessStatus(models.TextChoices):
    """T ``kycliveness.kyc-status``."""

    INITIATED = "initiated", "Initiated"
    PROCESSING = "processing", "Processing"
    PROCESSED = "processed", "Processed"


class LivenessScore(models.IntegerChoices):
    """T ``kycliveness.score``: -1 until the provider decided."""

    UNKNOWN = -1, "Not scored yet"
    FAILED = 0, "Failed"
    PASSED = 1, "Passed"


class Provider(models.TextChoices):
    """Who verifies identities. Only the sandbox ships; a real provider (Ubble for Treezor) is
    another client with the same methods (``kyc.liveness.providers``)."""

    SANDBOX = "sandbox", "Sandbox (local)"


class Applicant(models.TextChoices):
    """Whose documents a line of the KYC form asks for."""

    CUSTOMER = "customer", "The customer"
    GROUP_MEMBER = "group_member", "Each legal representative and owner of 25 % or more"
