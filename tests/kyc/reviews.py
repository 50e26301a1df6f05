"""Helpers for the review tests: documents in a given status, a customer ready for review, and the
(kycLevel, kycReview) pair as seed 002's tables write it."""

from datetime import date, timedelta

from customers.models import Customer
from kyc import services
from kyc.choices import IDENTITY_DOCUMENTS
from kyc.models import Document
from tests.customers.factories import ROBOT
from tests.kyc.files import PNG

PASSPORT, PROOF_OF_ADDRESS = 17, 12


def upload(customer, document_type=PASSPORT, name="scan.png", actor=ROBOT) -> Document:
    """An identity document comes with its expiry date, as the upload form asks for it."""
    expiry = date.today() + timedelta(days=3 * 365) if document_type in IDENTITY_DOCUMENTS else None
    details = services.DocumentDetails(document_type=document_type, expiry_date=expiry)
    return services.upload_documents(actor=actor, customer=customer, details=details, files=[(name, PNG)])[0]


def prevalidate(document, actor=ROBOT) -> Document:
    return services.prevalidate_document(actor=actor, document=document)


def upload_all(customer, actor=ROBOT) -> list[Document]:
    """The person's KYC form: an identity document and a proof of address uploaded by ``actor``,
    pre-validated by the system (whoever uploads a document does not pre-review it)."""
    return [
        prevalidate(upload(customer, PASSPORT, "passport.png", actor)),
        prevalidate(upload(customer, PROOF_OF_ADDRESS, "bill.png", actor)),
    ]


def decide_review(*, decision: str, **arguments):
    """The review decision ``decision`` ("validate", "refuse", "refuse_permanently") through its
    own service; arguments that verb does not take must be None."""
    import inspect

    from kyc.services.reviews import DECISIONS

    verb = DECISIONS[decision]
    taken = inspect.signature(verb).parameters
    for name in [name for name in arguments if name not in taken]:
        if arguments.pop(name) is not None:
            raise TypeError(f"{verb.__name__} takes no {name}")
    return verb(**arguments)


def kyc_state(customer) -> tuple[int, int]:
    """(kycLevel, kycReview) as stored now."""
    customer = Customer.objects.get(pk=customer.pk)
    return customer.kyc_level, customer.kyc_review
