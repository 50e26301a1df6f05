"""The customer vocabularies, with the values our users know from Treezor (T), Crassula (C) and
Synctera (S); see ``DOMAIN.md``. ``COLOURS`` gives each value its badge colour."""

from django.db import models


class Kind(models.IntegerChoices):
    """T ``userTypeId``. Persons are kind 1; companies kinds 2 to 4."""

    PERSON = 1, "Physical person"
    BUSINESS = 2, "Business"
    NGO = 3, "Non-governmental organisation"
    GOVERNMENT = 4, "Governmental organisation"


COMPANY_KINDS = (Kind.BUSINESS, Kind.NGO, Kind.GOVERNMENT)


class Status(models.TextChoices):
    """The lifecycle (T ``userStatus``)."""

    PENDING = "PENDING", "Pending"
    VALIDATED = "VALIDATED", "Validated"
    CANCELED = "CANCELED", "Deactivated"  # Treezor's value; staff read what happened


class VerificationStatus(models.TextChoices):
    """C: what has been verified so far."""

    NOT_VERIFIED = "not_verified", "Not verified"
    EMAIL_VERIFIED = "email_verified", "Email verified"
    PHONE_VERIFIED = "phone_verified", "Phone verified"
    IDENTIFIED = "identified", "Identified"


class VerificationLevel(models.IntegerChoices):
    """C: 0–2 follow the verifications; 3–5 are set by hand for extra checks."""

    LEVEL_0 = 0, "Level 0 (not verified)"
    LEVEL_1 = 1, "Level 1 (email and phone verified)"
    LEVEL_2 = 2, "Level 2 (documents verified)"
    LEVEL_3 = 3, "Level 3 (extra check, e.g. address)"
    LEVEL_4 = 4, "Level 4 (extra check, e.g. proof of funds)"
    LEVEL_5 = 5, "Level 5 (custom requirements)"


class KycLevel(models.IntegerChoices):
    """T ``kycLevel``; what each level lets the customer do: ``customers.kyc_services``."""

    NONE = 0, "None"
    LIGHT = 1, "Light"
    REGULAR = 2, "Regular"
    STRONG = 3, "Strong"
    REFUSED = 4, "Refused"


class KycReview(models.IntegerChoices):
    """T ``kycReview``."""

    NONE = 0, "None"
    PENDING = 1, "Pending"
    VALIDATED = 2, "Validated"
    REFUSED = 3, "Refused"
    INVESTIGATING = 4, "Investigating"
    CLOSED = 5, "Closed"
    REVIEW_OPEN = 6, "Review open"
    REVIEW_PENDING = 7, "Review pending"


class State(models.TextChoices):
    """C: the restriction (the rules arrive with the compliance issue)."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    BLOCKED = "blocked", "Blocked"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class AggregatedStatus(models.TextChoices):
    """C "Aggregated status", derived by ``Customer.aggregated_status``; a deactivated (CANCELED)
    customer reads "Deactivated" whatever its other axes say."""

    ACTIVE = "active", "Active"
    PENDING = "pending", "Pending"
    SUSPENDED = "suspended", "Suspended"
    BLOCKED = "blocked", "Blocked"
    DEACTIVATED = "deactivated", "Deactivated"


class Onboarding(models.TextChoices):
    """T "Onboarding Users", S "Prospect": a customer who has not clicked the activation link, or
    one created by staff with no details yet (``services.prospects``), is a prospect."""

    COMPLETED = "completed", "Completed (active customers)"
    NOT_COMPLETED = "not_completed", "Not completed (prospects)"


class Title(models.TextChoices):
    MR = "mr", "Mr"
    MRS = "mrs", "Mrs"
    MS = "ms", "Ms"
    MX = "mx", "Mx"


class Gender(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    OTHER = "X", "Other / not stated"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "French"
    GERMAN = "de", "German"
    SPANISH = "es", "Spanish"
    ITALIAN = "it", "Italian"
    DUTCH = "nl", "Dutch"
    PORTUGUESE = "pt", "Portuguese"
    POLISH = "pl", "Polish"


class Currency(models.TextChoices):
    EUR = "EUR", "EUR – euro"
    USD = "USD", "USD – US dollar"
    GBP = "GBP", "GBP – pound sterling"
    CHF = "CHF", "CHF – Swiss franc"
    PLN = "PLN", "PLN – złoty"
    SEK = "SEK", "SEK – Swedish krona"
    DKK = "DKK", "DKK – Danish krone"


class OccupationCategory(models.TextChoices):
    EMPLOYED = "employed", "Employed"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    CIVIL_SERVANT = "civil_servant", "Civil servant"
    STUDENT = "student", "Student"
    RETIRED = "retired", "Retired"
    UNEMPLOYED = "unemployed", "Unemployed"
    OTHER = "other", "Other"


class IncomeRange(models.TextChoices):
    """Monthly income (persons)."""

    UP_TO_1K = "0-1k", "Up to €1,000"
    FROM_1K_TO_3K = "1k-3k", "€1,000 – €3,000"
    FROM_3K_TO_6K = "3k-6k", "€3,000 – €6,000"
    FROM_6K_TO_10K = "6k-10k", "€6,000 – €10,000"
    ABOVE_10K = "10k+", "Above €10,000"


class SourceOfFunds(models.TextChoices):
    SALARY = "salary", "Salary"
    SAVINGS = "savings", "Savings"
    INHERITANCE = "inheritance", "Inheritance"
    INVESTMENTS = "investments", "Investments"
    BUSINESS = "business", "Business income"
    PENSION = "pension", "Pension"
    OTHER = "other", "Other"


class TurnoverRange(models.TextChoices):
    """Annual turnover and net income (companies)."""

    UP_TO_100K = "0-100k", "Up to €100k"
    FROM_100K_TO_1M = "100k-1m", "€100k – €1M"
    FROM_1M_TO_10M = "1m-10m", "€1M – €10M"
    FROM_10M_TO_50M = "10m-50m", "€10M – €50M"
    ABOVE_50M = "50m+", "Above €50M"


class EmployeeRange(models.TextChoices):
    NONE = "0", "None"
    FROM_1_TO_9 = "1-9", "1 – 9"
    FROM_10_TO_49 = "10-49", "10 – 49"
    FROM_50_TO_249 = "50-249", "50 – 249"
    ABOVE_250 = "250+", "250 or more"


class PhoneKind(models.TextChoices):
    MOBILE = "mobile", "Mobile"
    LANDLINE = "landline", "Landline"
    WORK = "work", "Work"


class AddressKind(models.TextChoices):
    LEGAL = "legal", "Legal address"
    SHIPPING = "shipping", "Shipping address"
    SECONDARY = "secondary", "Secondary address"


class RelationshipKind(models.TextChoices):
    """How one customer is linked to another (T children users, S relationships)."""

    LEGAL_REPRESENTATIVE = "legal_representative", "Legal representative"
    SHAREHOLDER = "shareholder", "Shareholder / beneficial owner"
    DIRECTOR = "director", "Director"
    EMPLOYEE = "employee", "Employee"
    CUSTODIAN = "custodian", "Custodian"
    BENEFICIARY = "beneficiary", "Beneficiary"
    PARTNER = "partner", "Partner"


# Links from a company to the persons who run or own it; the others link persons together.
COMPANY_RELATIONSHIPS = (
    RelationshipKind.LEGAL_REPRESENTATIVE,
    RelationshipKind.SHAREHOLDER,
    RelationshipKind.DIRECTOR,
    RelationshipKind.EMPLOYEE,
)
# S: links between persons; they do not let the related customer operate the account.
PERSON_RELATIONSHIPS = (RelationshipKind.CUSTODIAN, RelationshipKind.BENEFICIARY, RelationshipKind.PARTNER)


# --- what a customer holds --------------------------------------------------------------------


class AccountKind(models.TextChoices):
    """T wallet types, C account types; vault accounts are listed apart (C)."""

    CURRENT = "current", "Current account"
    EMONEY = "emoney", "E-money wallet"
    VAULT = "vault", "Vault"


class AccountStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    BLOCKED = "blocked", "Blocked"
    CLOSED = "closed", "Closed"


class Direction(models.TextChoices):
    PAYIN = "payin", "Payin"
    PAYOUT = "payout", "Payout"


class OperationType(models.TextChoices):
    """The nine operations of seed 004 (T restricted users); the direction is the seed's."""

    CARD_TRANSACTION = "card_transaction", "Card transaction"
    WALLET_TRANSFER_EMITTED = "wallet_transfer_emitted", "Emitted wallet-to-wallet transfer"
    WALLET_TRANSFER_RECEIVED = "wallet_transfer_received", "Received wallet-to-wallet transfer"
    SCT_EMITTED = "sct_emitted", "Emitted SEPA credit transfer"
    SCT_RECEIVED = "sct_received", "Received SEPA credit transfer"
    SDD_EMITTED = "sdd_emitted", "Emitted SEPA direct debit"
    SDD_RECEIVED = "sdd_received", "Received SEPA direct debit (SDDR)"
    CARD_ACQUIRING = "card_acquiring", "Card acquiring"
    CHECK_CASHING = "check_cashing", "Check cashing"


OPERATION_DIRECTIONS: dict[str, str] = {
    OperationType.CARD_TRANSACTION: Direction.PAYOUT,
    OperationType.WALLET_TRANSFER_EMITTED: Direction.PAYOUT,
    OperationType.WALLET_TRANSFER_RECEIVED: Direction.PAYIN,
    OperationType.SCT_EMITTED: Direction.PAYOUT,
    OperationType.SCT_RECEIVED: Direction.PAYIN,
    # Seed 004: the creditor emits a direct debit (money comes in); the debtor receives one.
    OperationType.SDD_EMITTED: Direction.PAYIN,
    OperationType.SDD_RECEIVED: Direction.PAYOUT,
    OperationType.CARD_ACQUIRING: Direction.PAYIN,
    OperationType.CHECK_CASHING: Direction.PAYIN,
}


class TransactionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    BOOKED = "booked", "Booked"
    CANCELED = "canceled", "Canceled"
    REJECTED = "rejected", "Rejected"


class CardKind(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    VIRTUAL = "virtual", "Virtual"


class CardStatus(models.TextChoices):
    """T card statuses (lock, lost, stolen, destroyed, expired) and S's "not yet activated"."""

    INACTIVE = "inactive", "Not activated"
    ACTIVE = "active", "Active"
    LOCKED = "locked", "Locked"
    LOST = "lost", "Lost"
    STOLEN = "stolen", "Stolen"
    DESTROYED = "destroyed", "Destroyed"
    EXPIRED = "expired", "Expired"
    REPLACED = "replaced", "Replaced"


# What "Lock" offers: a temporary lock, or a final report (the card is then reissued, never unlocked).
CARD_LOCK_STATUSES = (CardStatus.LOCKED, CardStatus.LOST, CardStatus.STOLEN, CardStatus.DESTROYED)


class BeneficiaryStatus(models.TextChoices):
    ACTIVATED = "activated", "Activated"
    DEACTIVATED = "deactivated", "Deactivated"


class ScaDeviceKind(models.TextChoices):
    """T: an SCA wallet on a mobile (SDK) or in a web browser (Web Native)."""

    MOBILE = "mobile", "Mobile device"
    WEB = "web", "Web browser"


class ScaDeviceStatus(models.TextChoices):
    """T, seed 000."""

    PASSCODE_MISSING = "passcode_missing", "Passcode missing"
    ACTIVE = "active", "Active"
    LOCKED = "locked", "Locked"


class ScaLockReason(models.TextChoices):
    LOST_DEVICE = "lost_device", "Device lost"
    STOLEN_DEVICE = "stolen_device", "Device stolen"
    FRAUD_SUSPICION = "fraud_suspicion", "Suspected fraud"
    CUSTOMER_REQUEST = "customer_request", "Customer's request"
    OTHER = "other", "Other"


class NoteVisibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    COMPLIANCE = "compliance", "Compliance only"


class TwoFactorKind(models.TextChoices):
    SMS = "sms", "SMS code"
    AUTHENTICATOR = "totp", "Authenticator app"
    SCA_DEVICE = "sca", "SCA device"
    EMAIL = "email", "Email code"


class AgreementStatus(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Superseded"


class KycStatus(models.TextChoices):
    """S "KYC status: Passed, Failed…": what T's ``kycReview`` says of the last KYC run."""

    NOT_RUN = "not_run", "Not run"
    IN_REVIEW = "in_review", "In review"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"


KYC_STATUS_OF_REVIEW = {
    KycReview.NONE: KycStatus.NOT_RUN,
    KycReview.PENDING: KycStatus.IN_REVIEW,
    KycReview.INVESTIGATING: KycStatus.IN_REVIEW,
    KycReview.REVIEW_OPEN: KycStatus.IN_REVIEW,
    KycReview.REVIEW_PENDING: KycStatus.IN_REVIEW,
    KycReview.VALIDATED: KycStatus.PASSED,
    KycReview.REFUSED: KycStatus.FAILED,
    KycReview.CLOSED: KycStatus.FAILED,
}
KYC_DECIDED_REVIEWS = (KycReview.VALIDATED, KycReview.REFUSED, KycReview.CLOSED)  # a run ended
# No review on record, but a level a review gives: identified before reviews were recorded here.
KYC_PASSED_LEVELS = (KycLevel.REGULAR, KycLevel.STRONG)


def kyc_status(level: int, review: int) -> KycStatus:
    """S's KYC status of T's pair: the review says it; with none, a level that only a review gives
    (Regular, Strong: passed; Refused: failed)."""
    if review == KycReview.NONE:
        if level in KYC_PASSED_LEVELS:
            return KycStatus.PASSED
        return KycStatus.FAILED if level == KycLevel.REFUSED else KycStatus.NOT_RUN
    return KYC_STATUS_OF_REVIEW[KycReview(review)]


def kyc_status_condition(status: str) -> models.Q:
    """The customers of ``status`` (``kyc_status``), for a filter."""
    none = models.Q(kyc_review=KycReview.NONE)
    of_reviews = models.Q(kyc_review__in=[r for r, s in KYC_STATUS_OF_REVIEW.items() if s == status and r])
    if status == KycStatus.PASSED:
        return of_reviews | (none & models.Q(kyc_level__in=KYC_PASSED_LEVELS))
    if status == KycStatus.FAILED:
        return of_reviews | (none & models.Q(kyc_level=KycLevel.REFUSED))
    if status == KycStatus.NOT_RUN:
        return none & ~models.Q(kyc_level__in=[*KYC_PASSED_LEVELS, KycLevel.REFUSED])
    return of_reviews


COLOURS = {
    KycStatus.NOT_RUN: "light",
    KycStatus.IN_REVIEW: "info",
    KycStatus.PASSED: "success",
    KycStatus.FAILED: "danger",
    Status.PENDING: "warning",
    Status.VALIDATED: "success",
    Status.CANCELED: "secondary",
    VerificationStatus.NOT_VERIFIED: "light",
    VerificationStatus.EMAIL_VERIFIED: "info",
    VerificationStatus.PHONE_VERIFIED: "primary",
    VerificationStatus.IDENTIFIED: "success",
    State.ACTIVE: "success",
    State.SUSPENDED: "warning",
    State.BLOCKED: "danger",
    AggregatedStatus.ACTIVE: "success",
    AggregatedStatus.PENDING: "warning",
    AggregatedStatus.SUSPENDED: "warning",
    AggregatedStatus.BLOCKED: "danger",
    AggregatedStatus.DEACTIVATED: "secondary",
    RiskLevel.LOW: "success",
    RiskLevel.MEDIUM: "warning",
    RiskLevel.HIGH: "danger",
    Onboarding.COMPLETED: "success",
    Onboarding.NOT_COMPLETED: "light",
    # Values shared by several vocabularies ("active", "locked") share their colour.
    AccountStatus.BLOCKED: "danger",
    AccountStatus.CLOSED: "secondary",
    TransactionStatus.PENDING: "warning",
    TransactionStatus.BOOKED: "success",
    TransactionStatus.REJECTED: "danger",
    CardStatus.INACTIVE: "light",
    CardStatus.LOCKED: "warning",
    CardStatus.LOST: "danger",
    CardStatus.STOLEN: "danger",
    CardStatus.DESTROYED: "dark",
    CardStatus.EXPIRED: "secondary",
    CardStatus.REPLACED: "secondary",
    BeneficiaryStatus.ACTIVATED: "success",
    BeneficiaryStatus.DEACTIVATED: "secondary",
    ScaDeviceStatus.PASSCODE_MISSING: "info",
    AgreementStatus.PENDING: "warning",
    AgreementStatus.ACCEPTED: "success",
    AgreementStatus.DECLINED: "danger",
}


def colour(value) -> str:
    """The badge colour of a choice value (grey when it has none)."""
    return COLOURS.get(value, "secondary")


class CardShipping(models.TextChoices):
    """Where a physical card is on its way to the customer (S ``card_fulfillment_status``: ordered
    from the card maker, shipped; and the carrier's delivered / returned). A virtual card has none."""

    ORDERED = "ordered", "Ordered"  # from the card maker: not shipped yet
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    RETURNED = "returned", "Returned"  # undelivered, back from the carrier


# Not shipped yet: the card maker may still send it another way (S "expedite shipment / fulfillment").
CARD_NOT_SHIPPED = (CardShipping.ORDERED,)
# On its way to the shipping address: the Addresses tab lists these beside it.
CARD_IN_TRANSIT = (CardShipping.ORDERED, CardShipping.SHIPPED)


class ShippingMethod(models.TextChoices):
    """How a physical card is posted (S ``shipping.is_expedited_fulfillment``)."""

    STANDARD = "standard", "Standard"
    EXPEDITED = "expedited", "Expedited"


COLOURS.update(
    {
        CardShipping.ORDERED: "info",
        CardShipping.SHIPPED: "primary",
        CardShipping.DELIVERED: "success",
        CardShipping.RETURNED: "danger",
        ShippingMethod.STANDARD: "light",
        ShippingMethod.EXPEDITED: "warning",
    }
)
