"""What the demo holdings are drawn from: merchants, operations with their weights and amounts,
statuses in their proportions, the words of notes and lock messages."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from ..choices import (
    AgreementStatus,
    CardStatus,
    OperationType,
    ScaDeviceKind,
    ScaDeviceStatus,
    ScaLockReason,
)

DAY = timedelta(days=1)
CENTRAL = ("bundesbank", "nationalbank", "nationale bank", "narodowy", "portugal", "de france", "central")
HISTORY = 540 * DAY  # transactions cover the last ~18 months
NUMBER_BASE = 30_000_000_000  # account numbers: 11 digits, "3" then a sequence
CALLING_CODES = {"FR": "33", "DE": "49", "ES": "34", "IT": "39", "NL": "31", "BE": "32", "PT": "351", "PL": "48"}
CALLING_CODES |= {"AT": "43", "IE": "353"}
MERCHANTS = (
    "Carrefour", "SNCF", "Amazon EU", "Lidl", "Uber", "Deliveroo", "Fnac", "Decathlon", "IKEA", "Shell", "Spotify",
    "Netflix", "Zara", "Apple.com/bill", "Booking.com", "Ryanair", "Monoprix", "TotalEnergies", "Aldi", "Picard",
)  # fmt: skip
BILLERS = ("EDF", "Orange", "Engie", "Vodafone", "AXA Assurances", "Allianz", "Basic-Fit", "Free Mobile", "Veolia")
_O = OperationType
# operation: weight for persons, for companies, amount range in cents, label, who the counterparty is
OPERATIONS = {
    _O.CARD_TRANSACTION: (56, 30, 300, 15_000, "CB {name}", "merchant"),
    _O.SCT_EMITTED: (8, 14, 2_000, 120_000, "Transfer to {name}", "partner"),
    _O.SCT_RECEIVED: (8, 14, 1_000, 50_000, "Transfer from {name}", "partner"),
    _O.SDD_RECEIVED: (8, 8, 999, 12_000, "Direct debit {name}", "biller"),
    _O.WALLET_TRANSFER_EMITTED: (4, 3, 500, 30_000, "Wallet transfer to {name}", "person"),
    _O.WALLET_TRANSFER_RECEIVED: (4, 3, 500, 30_000, "Wallet transfer from {name}", "person"),
    _O.SDD_EMITTED: (1, 8, 2_000, 30_000, "Direct debit collected from {name}", "company"),
    _O.CARD_ACQUIRING: (1, 18, 1_000, 60_000, "Card payments of {date}", ""),
    _O.CHECK_CASHING: (1, 2, 5_000, 80_000, "Cheque no. {ref}", ""),
}
TRANSFERS = {_O.SCT_EMITTED, _O.SCT_RECEIVED, _O.SDD_EMITTED, _O.SDD_RECEIVED}
TRANSACTION_FIELDS = ("account_id", "booked_at", "value_date", "amount", "currency", "direction", "operation_type")
TRANSACTION_FIELDS += ("status", "label", "counterparty_name", "counterparty_iban", "reference")
CARD_STATUSES = tuple(zip(CardStatus, (8, 58, 7, 5, 4, 3, 7, 8), strict=True))  # inactive, active, locked, lost…
CARD_REASONS = {
    CardStatus.LOCKED: "Customer request: card misplaced",
    CardStatus.LOST: "Reported lost by phone",
    CardStatus.STOLEN: "Reported stolen; police report received",
    CardStatus.DESTROYED: "Destroyed at the customer's request",
    CardStatus.REPLACED: "Reissued: chip damaged",
}
DEVICES = {
    ScaDeviceKind.MOBILE: ("iPhone 15, iOS 18.1", "iPhone 13 mini, iOS 17.6", "Samsung Galaxy S24, Android 15"),
    ScaDeviceKind.WEB: ("Chrome 131 on Windows 11", "Safari 18 on macOS 15", "Firefox 133 on Ubuntu 24.04"),
}
SCA_STATUSES = ((ScaDeviceStatus.ACTIVE, 70), (ScaDeviceStatus.PASSCODE_MISSING, 15), (ScaDeviceStatus.LOCKED, 15))
LOCK_MESSAGES = {
    ScaLockReason.LOST_DEVICE: "Customer lost the phone; locked on their call.",
    ScaLockReason.STOLEN_DEVICE: "Phone stolen on the underground; police report pending.",
    ScaLockReason.FRAUD_SUSPICION: "Enrolment from an unusual country right after a password reset.",
    ScaLockReason.CUSTOMER_REQUEST: "Customer asked to lock the old phone after buying a new one.",
    ScaLockReason.OTHER: "Locked while the customer's identity is checked again.",
}
DOCUMENTS = (("General terms and conditions", "2025.1"), ("Privacy policy", "3.2"), ("Price conditions", "2025-01"))
AGREEMENT_STATUSES = tuple(zip(AgreementStatus, (9, 80, 4, 3, 4), strict=True))  # pending, accepted, declined…
AGREEMENT_STEPS = {
    AgreementStatus.PENDING: ("presented", "viewed"),
    AgreementStatus.ACCEPTED: ("presented", "viewed", "accepted"),
    AgreementStatus.DECLINED: ("presented", "viewed", "declined"),
    AgreementStatus.WITHDRAWN: ("presented", "viewed", "accepted", "withdrawn"),
    AgreementStatus.SUPERSEDED: ("presented", "viewed", "accepted", "superseded by a new version"),
}
NOTES = (
    "Customer called about a declined card payment at {merchant}; advised to check the daily limit.",
    "Asked for a statement of the last 12 months (mortgage application). Sent by email.",
    "Disputes a {merchant} payment; chargeback form sent, follow up in 10 days.",
    "Complained that a transfer took two days; the SEPA transfer was booked the next business day.",
)
COMPLIANCE_NOTES = (
    "Large incoming transfers after card payments at {merchant}: source of funds requested.",
    "Name close to a sanctions list entry; false positive after checking the birth date.",
)


def weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)
