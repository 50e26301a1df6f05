"""Seed 002's lifecycle tables, one test each, asserting (kycLevel, kycReview) after every step.
The liveness tables are in ``test_liveness*.py``."""

import pytest

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from customers.choices import KycLevel, VerificationLevel, VerificationStatus
from customers.models import Customer
from kyc.models import Document, Review
from kyc.services import cancel_document
from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.kyc.reviews import PASSPORT, decide_review, kyc_state, prevalidate, upload, upload_all

pytestmark = pytest.mark.django_db

NONE, LIGHT, REGULAR, STRONG, REFUSED_LEVEL = 0, 1, 2, 3, 4
R_NONE, PENDING, VALIDATED, REFUSED = 0, 1, 2, 3


def approve(customer, level=KycLevel.REGULAR):
    review = Review.objects.get(customer=customer, status="pending")
    return decide_review(actor=ROBOT, review=review, decision="validate", level=level)


def test_straightforward_validation():
    person = make_person()
    assert kyc_state(person) == (NONE, R_NONE)  # 0 initial state
    documents = upload_all(person)
    assert kyc_state(person) == (NONE, R_NONE)  # 1 uploads all documents
    review = request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (NONE, PENDING)  # 2 review requested
    assert set(review.documents.all()) == set(documents)
    approve(person)
    assert kyc_state(person) == (REGULAR, VALIDATED)  # 3 approves all documents
    assert set(Document.objects.values_list("status", flat=True)) == {"validated"}


def refuse_the_passport(review, level):
    passport = review.documents.get(document_type=PASSPORT)
    decide_review(
        actor=ROBOT,
        review=review,
        decision="refuse",
        level=level,
        reason="The passport expired.",
        document_reasons={passport.pk: "Expired on 2024-01-31."},
    )
    return passport


def test_non_compliant_documents():
    person = make_person()
    assert kyc_state(person) == (NONE, R_NONE)  # 0 initial state
    upload_all(person)
    assert kyc_state(person) == (NONE, R_NONE)  # 1 uploads all documents
    review = request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (NONE, PENDING)  # 2 review requested
    passport = refuse_the_passport(review, LIGHT)
    assert kyc_state(person) == (LIGHT, REFUSED)  # 3 at least one document refused
    passport.refresh_from_db()
    assert (passport.status, passport.review_comment) == ("refused", "Expired on 2024-01-31.")
    assert Document.objects.get(document_type=12).status == "validated"
    prevalidate(upload(person, PASSPORT, "new-passport.png"))
    assert kyc_state(person) == (LIGHT, REFUSED)  # 4 uploads new documents: unchanged
    request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (NONE, PENDING)  # 5 a new request resets the level
    approve(person)
    assert kyc_state(person) == (REGULAR, VALIDATED)  # 6 approved


@pytest.mark.parametrize("kept_level", [REGULAR, STRONG])
def test_non_compliant_documents_of_a_customer_who_keeps_regular_or_strong(kept_level):
    """Step 3's "Regular or Strong": a refusal keeps the level the customer held before the
    request (the issue's "REGULAR or STRONG kept"); the rest of the table is unchanged."""
    person = make_person()
    upload_all(person)
    request_review(actor=ROBOT, customer=person)
    approve(person, kept_level)
    prevalidate(upload(person, PASSPORT, "renewed-passport.png"))
    review = request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (kept_level, PENDING)
    refuse_the_passport(review, kept_level)
    assert kyc_state(person) == (kept_level, REFUSED)  # 3 refused, the level kept
    prevalidate(upload(person, PASSPORT, "third-passport.png"))
    assert kyc_state(person) == (kept_level, REFUSED)  # 4 unchanged
    request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (NONE, PENDING)  # 5 a new request resets the level
    approve(person)
    assert kyc_state(person) == (REGULAR, VALIDATED)  # 6


def test_a_refusal_cannot_grant_a_level_the_customer_never_held():
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    with pytest.raises(DomainError, match="only for a customer who held it before"):
        refuse_the_passport(review, REGULAR)
    assert kyc_state(person) == (NONE, PENDING)


def test_permanent_refusal():
    person = make_person()
    upload_all(person)
    assert kyc_state(person) == (NONE, R_NONE)
    review = request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (NONE, PENDING)
    decide_review(actor=ROBOT, review=review, decision="refuse_permanently", reason="Sanctions list match.")
    # Seed 002's table prints "3 Refused" for the level; its own enum, and DOMAIN.md, say REFUSED is 4.
    assert kyc_state(person) == (REFUSED_LEVEL, REFUSED)
    assert set(Document.objects.values_list("status", flat=True)) == {"refused"}
    with pytest.raises(DomainError, match="refused for good"):
        upload(person)
    with pytest.raises(DomainError, match="refused permanently"):
        request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (REFUSED_LEVEL, REFUSED)


def test_modifying_a_non_validated_user():
    person = make_person()
    _, bill = upload_all(person)
    assert kyc_state(person) == (NONE, R_NONE)
    cancel_document(actor=ROBOT, document=bill, comment="Customer sent a newer bill.")
    assert kyc_state(person) == (NONE, R_NONE)  # 2 cancels a document
    prevalidate(upload(person, 12, "newer-bill.png"))
    assert kyc_state(person) == (NONE, R_NONE)  # 3 uploads a new document
    review = request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (NONE, PENDING)
    assert bill not in review.documents.all()
    approve(person)
    assert kyc_state(person) == (REGULAR, VALIDATED)


@pytest.mark.parametrize("validated_level", [REGULAR, STRONG])
def test_modifying_an_already_validated_user(validated_level):
    person = make_person()
    upload_all(person)
    request_review(actor=ROBOT, customer=person)
    approve(person, validated_level)
    assert kyc_state(person) == (validated_level, VALIDATED)  # 0 already validated
    prevalidate(upload(person, 12, "moved-house.png"))
    assert kyc_state(person) == (validated_level, VALIDATED)  # 1 uploads new documents
    request_review(actor=ROBOT, customer=person)
    assert kyc_state(person) == (validated_level, PENDING)  # 2 keeps the level: full service meanwhile
    assert Customer.objects.get(pk=person.pk).verification_status == VerificationStatus.IDENTIFIED
    approve(person, REGULAR)
    assert kyc_state(person) == (REGULAR, VALIDATED)  # 3 approves the new documents


# --- the rules around the table --------------------------------------------------------------


def test_each_transition_is_audited_with_before_and_after():
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    approve(person)
    requested, validated = (
        AuditEntry.objects.filter(target_type="kyc.review", target_id=str(review.pk)).order_by("id").all()
    )
    assert requested.action == "kyc.review.requested"
    assert requested.changes["kyc_review"] == ["None", "Pending"]
    assert validated.action == "kyc.review.validated"
    assert validated.changes["kyc_level"] == ["None", "Regular"]
    assert validated.changes["kyc_review"] == ["Pending", "Validated"]


def test_validation_identifies_the_customer_and_sets_level_2():
    person = make_person()
    upload_all(person)
    request_review(actor=ROBOT, customer=person)
    approve(person)
    person.refresh_from_db()
    assert (person.verification_status, person.verification_level) == ("identified", VerificationLevel.LEVEL_2)
    entry = AuditEntry.objects.get(action="customers.verification.updated", customer_id=person.pk)
    assert entry.changes["verification_status"] == ["not_verified", "identified"]


def test_a_request_needs_every_requirement_and_every_pre_review():
    person = make_person()
    with pytest.raises(DomainError) as refused:
        request_review(actor=ROBOT, customer=person)
    assert (
        "Missing: identity document" in refused.value.message and "Missing: proof of address" in refused.value.message
    )
    upload(person, PASSPORT), upload(person, 12)
    with pytest.raises(DomainError, match="2 documents still wait for the pre-review"):
        request_review(actor=ROBOT, customer=person)
    assert not Review.objects.exists() and kyc_state(person) == (NONE, R_NONE)


def test_a_second_request_while_one_is_pending_is_refused():
    person = make_person()
    upload_all(person)
    request_review(actor=ROBOT, customer=person)
    prevalidate(upload(person, 12, "another.png"))
    with pytest.raises(DomainError, match="already pending"):
        request_review(actor=ROBOT, customer=person)


def test_a_decision_is_taken_once():
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    approve(person)
    with pytest.raises(DomainError, match="decided already"):
        decide_review(actor=ROBOT, review=review, decision="refuse", level=LIGHT, reason="Too late.")
    assert kyc_state(person) == (REGULAR, VALIDATED)


@pytest.mark.parametrize(
    ("decision", "level", "reason", "message"),
    [
        ("validate", LIGHT, "", "Regular or Strong"),
        ("validate", None, "", "Regular or Strong"),
        ("refuse", NONE, "Blurry.", "Light or Regular or Strong"),
        ("refuse", LIGHT, "  ", "reason is required"),
        ("refuse_permanently", None, "", "reason is required"),
    ],
)
def test_a_decision_refuses_bad_input_and_changes_nothing(decision, level, reason, message):
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    with pytest.raises(DomainError, match=message):
        decide_review(actor=ROBOT, review=review, decision=decision, level=level, reason=reason)
    assert kyc_state(person) == (NONE, PENDING)
    assert Review.objects.get().status == "pending"
    assert set(Document.objects.values_list("status", flat=True)) == {"pre_validated"}


def test_a_company_is_submitted_with_its_group():
    from tests.customers.factories import link, make_company
    from tests.kyc.reviews import PROOF_OF_ADDRESS

    owner = make_person("Olga", "Owner")
    company = make_company()
    link(company, owner, percent="40")
    minority = make_person("Mina", "Minor")
    link(company, minority, percent="10")
    representative = company.relationships.get(kind="legal_representative").related
    for document_type in (4, 23):
        prevalidate(upload(company, document_type))
    with pytest.raises(DomainError) as refused:
        request_review(actor=ROBOT, customer=company)
    assert f"of {owner}" in refused.value.message and f"of {representative}" in refused.value.message
    assert str(minority) not in refused.value.message  # 10 %: not a beneficial owner
    group_documents = [prevalidate(upload(member, PASSPORT)) for member in (owner, representative)]
    prevalidate(upload(owner, PROOF_OF_ADDRESS))  # not required of a member; goes along all the same
    review = request_review(actor=ROBOT, customer=company)
    assert set(group_documents) <= set(review.documents.all())
    assert review.documents.count() == 5


def test_a_submitted_document_cannot_be_canceled_while_its_review_is_pending():
    person = make_person()
    passport, _ = upload_all(person)
    request_review(actor=ROBOT, customer=person)
    with pytest.raises(DomainError, match="submitted with the pending review"):
        cancel_document(actor=ROBOT, document=passport, comment="Changed my mind.")
