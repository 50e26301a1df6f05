"""Seed 002's three "KYC Liveness" tables, one test each, asserting the customer's (kycLevel,
kycReview) and the session's (kyc-status, score) after every step. The webhooks go through the
real endpoint, signed; the review through the review services.

As the tables print it, the review is requested (step 7) on the strength of the passed check,
before the documents arrive (step 8): the ``document.create`` webhooks then bring them into the
pending review, pre-validated (the provider checked them).
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from backoffice.errors import DomainError
from kyc.models import Document, Review
from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.kyc.liveness import T0, created, later, passport, proof_of_address, send, session_state, start, updated
from tests.kyc.reviews import decide_review, kyc_state

pytestmark = pytest.mark.django_db

NONE, LIGHT, REGULAR = 0, 1, 2
R_NONE, PENDING, VALIDATED, REFUSED = 0, 1, 2, 3


def state(customer, session) -> tuple:
    """(kycLevel, kycReview, kyc-status, score): one row of the tables."""
    return (*kyc_state(customer), *session_state(session))


def verify_until_processed(client, customer, *, score: int):
    """Steps 1 to 6, common to the three tables; answers the session."""
    assert kyc_state(customer) == (NONE, R_NONE)  # 0 initial state
    session = start(customer)
    assert state(customer, session) == (NONE, R_NONE, "initiated", -1)  # 1 you request a KYC Liveness
    assert session.url.endswith(f"/kyc/liveness/sandbox/{session.reference}/")
    assert state(customer, session) == (NONE, R_NONE, "initiated", -1)  # 2 the provider gives the URL
    assert Client().get(urlsplit(session.url).path).status_code == 200
    assert state(customer, session) == (NONE, R_NONE, "initiated", -1)  # 3 the end user is sent there
    assert state(customer, session) == (NONE, R_NONE, "initiated", -1)  # 4 … and films their documents
    assert send(client, created(session, at=T0)).status_code == 202
    assert state(customer, session) == (NONE, R_NONE, "processing", -1)  # 5 kycliveness.create
    assert send(client, updated(session, score, at=later(T0, 90))).status_code == 202
    assert state(customer, session) == (NONE, R_NONE, "processed", score)  # 6 kycliveness.update
    return session


def documents_arrive(client, customer, session, review):
    """Step 8: the ``document.create`` webhooks; the documents join the pending review."""
    for payload in (passport(session, at=later(T0, 95)), proof_of_address(session, at=later(T0, 96))):
        assert send(client, payload).status_code == 202
    documents = list(Document.objects.filter(customer=customer).order_by("document_type"))
    assert [(d.document_type, d.source, d.status) for d in documents] == [
        (12, "liveness", "pre_validated"),
        (17, "liveness", "pre_validated"),
    ]
    assert set(review.documents.all()) == set(documents)


def test_straightforward_using_kyc_liveness(client):
    person = make_person()
    session = verify_until_processed(client, person, score=1)
    review = request_review(actor=ROBOT, customer=person)
    assert state(person, session) == (NONE, PENDING, "processed", 1)  # 7 you request a KYC review
    documents_arrive(client, person, session, review)
    assert state(person, session) == (NONE, PENDING, "processed", 1)  # 8 document.create webhooks
    decide_review(actor=ROBOT, review=review, decision="validate", level=REGULAR)
    assert state(person, session) == (REGULAR, VALIDATED, "processed", 1)  # 9 Treezor approves the documents
    assert set(Document.objects.values_list("status", flat=True)) == {"validated"}


def test_non_compliant_documents_using_kyc_liveness(client):
    person = make_person()
    session = verify_until_processed(client, person, score=0)
    assert state(person, session) == (NONE, R_NONE, "processed", 0)  # 6: refused by the provider, the end
    assert not Document.objects.exists(), "a failed check sends no document"
    with pytest.raises(DomainError, match="Missing"):
        request_review(actor=ROBOT, customer=person)  # no review follows
    assert state(person, session) == (NONE, R_NONE, "processed", 0)
    assert not Review.objects.exists()


def test_compliant_documents_but_refused_user_using_kyc_liveness(client):
    person = make_person()
    session = verify_until_processed(client, person, score=1)
    review = request_review(actor=ROBOT, customer=person)
    assert state(person, session) == (NONE, PENDING, "processed", 1)  # 7 you request a KYC review
    documents_arrive(client, person, session, review)
    assert state(person, session) == (NONE, PENDING, "processed", 1)  # 8 document.create webhooks
    passport = review.documents.get(document_type=17)
    decide_review(
        actor=ROBOT,
        review=review,
        decision="refuse",
        level=LIGHT,
        reason="The face does not match.",
        document_reasons={passport.pk: "Not the person filmed."},
    )
    assert state(person, session) == (LIGHT, REFUSED, "processed", 1)  # 9 Treezor refuses the documents
    assert dict(Document.objects.values_list("document_type", "status")) == {17: "refused", 12: "validated"}
