"""Seed 002: the customer's review status is deduced from the documents' own review statuses
(``kyc.review_status``), table-driven; and the review services set it that way."""

import pytest

from customers.choices import KycReview
from kyc.review_status import kyc_review_from_documents
from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.kyc.reviews import PROOF_OF_ADDRESS, decide_review, kyc_state, prevalidate, upload, upload_all

PRE, OK, NO, GONE = "pre_validated", "validated", "refused", "canceled"


@pytest.mark.parametrize(
    ("submitted", "decided", "expected"),
    [
        (None, False, KycReview.NONE),  # no review requested yet
        ([PRE, PRE], False, KycReview.PENDING),  # requested: the documents await the decision
        ([], False, KycReview.PENDING),  # a live verification's documents arrive after the request
        ([OK, PRE], False, KycReview.PENDING),  # one still awaits the decision
        ([OK, OK], True, KycReview.VALIDATED),  # "Treezor approves all documents"
        ([OK, NO], True, KycReview.REFUSED),  # "rejects at least one document"
        ([NO, NO], True, KycReview.REFUSED),  # permanent refusal: every document refused
        ([], True, KycReview.REFUSED),  # refused before any document arrived: nothing validated
        ([OK, GONE], True, KycReview.VALIDATED),  # a document canceled meanwhile does not count
        ([GONE], True, KycReview.REFUSED),
    ],
)
def test_the_review_status_follows_the_documents(submitted, decided, expected):
    assert kyc_review_from_documents(submitted, review_decided=decided) == expected


@pytest.mark.django_db
def test_the_review_services_set_the_status_the_documents_give():
    """Non-compliant documents (seed 002): refused with one document refused, new documents
    uploaded (unchanged), requested again, approved."""
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (0, KycReview.PENDING)
    bill = review.documents.get(document_type=PROOF_OF_ADDRESS)
    decide_review(
        actor=ROBOT, review=review, decision="refuse", level=1, reason="Old bill.", document_reasons={bill.pk: "Old."}
    )
    assert kyc_state(person) == (1, KycReview.REFUSED)
    prevalidate(upload(person, PROOF_OF_ADDRESS, "new-bill.png"))
    assert kyc_state(person) == (1, KycReview.REFUSED)
    again = request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (0, KycReview.PENDING)
    decide_review(actor=ROBOT, review=again, decision="validate", level=2)
    # The old refused bill is still there: only the latest request's documents count.
    assert kyc_state(person) == (2, KycReview.VALIDATED)
