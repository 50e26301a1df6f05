"""Helpers for the review tests: documents in a given status, a customer ready for review, and the
(kycLevel, kycReview) pair as seed 002's tables write it."""

from customers.models import Customer
from kyc import services
from kyc.models import Document
from tests.customers.factories import ROBOT
from tests.kyc.files import PNG

PASSPORT, PROOF_OF_ADDRESS = 17, 12


def upload(customer, document_type=PASSPORT, name="scan.png", actor=ROBOT) -> Document:
    details = services.DocumentDetails(document_type=document_type)
    return services.upload_documents(actor=actor, customer=customer, details=details, files=[(name, PNG)])[0]


def prevalidate(document, actor=ROBOT) -> Document:
    return services.change_document_status(actor=actor, document=document, command="prevalidate")


def upload_all(customer, actor=ROBOT) -> list[Document]:
    """The person's KYC form: an identity document and a proof of address, pre-validated."""
    return [
        prevalidate(upload(customer, PASSPORT, "passport.png", actor), actor),
        prevalidate(upload(customer, PROOF_OF_ADDRESS, "bill.png", actor), actor),
    ]


def kyc_state(customer) -> tuple[int, int]:
    """(kycLevel, kycReview) as stored now."""
    customer = Customer.objects.get(pk=customer.pk)
    return customer.kyc_level, customer.kyc_review
