"""The review's guard rails: a document decided once, no validation without documents or with
documents nobody looked at, a refusal names a refused document, the group's own blockers, live
verification documents joining only the review their passed check allowed, personal data masked
for support agents, the decision page's queries, and two officers deciding at once."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from backoffice.errors import DomainError
from customers.choices import KycLevel, RelationshipKind
from customers.models import Customer, Relationship
from kyc.models import Document, Review
from kyc.services import Residence, update_tax_residences
from kyc.services.reviews import request_review
from tests.conftest import require_service
from tests.customers.factories import ROBOT, link, make_company, make_person
from tests.helpers import count_queries, page_text
from tests.kyc.liveness import T0, created, later, passport, send, start, updated
from tests.kyc.reviews import PASSPORT, decide_review, kyc_state, prevalidate, upload, upload_all

pytestmark = pytest.mark.django_db


def ready_company():
    company = make_company("Groupe Alpha SA")
    for document_type in (4, 23):
        prevalidate(upload(company, document_type))
    return company, company.relationships.get(kind=RelationshipKind.LEGAL_REPRESENTATIVE).related


def test_a_document_in_a_members_pending_review_stays_out_of_the_companys():
    company, representative = ready_company()
    passport_, _ = upload_all(representative)
    own = request_review(actor=ROBOT, customer=representative)
    group = request_review(actor=ROBOT, customer=company)  # the representative's passport counts, is not taken
    assert passport_ in own.documents.all() and passport_ not in group.documents.all()
    decide_review(
        actor=ROBOT, review=own, decision="refuse", level=1, reason="Expired.", document_reasons={passport_.pk: "x"}
    )
    decide_review(actor=ROBOT, review=group, decision="validate", level=2)
    passport_.refresh_from_db()
    assert passport_.status == "refused", "decided once, by the review that submitted it"


def test_no_validation_before_a_live_verifications_documents_arrive(client):
    person = make_person()
    session = start(person)
    send(client, created(session, at=T0)), send(client, updated(session, 1, at=later(T0, 60)))
    review = request_review(actor=ROBOT, customer=person)
    assert review.documents.count() == 0
    with pytest.raises(DomainError, match="No document was submitted yet"):
        decide_review(actor=ROBOT, review=review, decision="validate", level=2)
    send(client, passport(session, at=later(T0, 90)))
    decide_review(actor=ROBOT, review=review, decision="validate", level=2)
    assert kyc_state(person) == (2, 2)


def test_a_document_that_joined_after_the_page_opened_stops_the_decision(client):
    person = make_person()
    session = start(person)
    send(client, created(session, at=T0)), send(client, updated(session, 1, at=later(T0, 60)))
    review = request_review(actor=ROBOT, customer=person)
    seen = set()  # the decision page showed no document yet
    send(client, passport(session, at=later(T0, 90)))  # joins the review meanwhile
    with pytest.raises(DomainError, match="joined this review after you opened it"):
        decide_review(actor=ROBOT, review=review, decision="validate", level=2, documents_seen=seen)
    assert kyc_state(person) == (0, 1)
    decide_review(actor=ROBOT, review=review, decision="validate", level=2, documents_seen={review.documents.get().pk})
    assert kyc_state(person) == (2, 2)


def test_a_failed_checks_late_document_does_not_join_a_review(client):
    person = make_person()
    session = start(person)
    send(client, created(session, at=T0)), send(client, updated(session, 0, at=later(T0, 60)))
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    send(client, passport(session, at=later(T0, 90)))
    late = Document.objects.get(source="liveness")
    assert late.status == "pending" and late not in review.documents.all()


def test_a_refusal_names_at_least_one_refused_document():
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    with pytest.raises(DomainError, match="at least one refused"):
        decide_review(actor=ROBOT, review=review, decision="refuse", level=1, reason="Not convincing.")
    assert Review.objects.get().status == "pending"


def test_a_company_without_a_legal_representative_cannot_be_submitted():
    company, _ = ready_company()
    Relationship.objects.filter(customer=company).delete()
    with pytest.raises(DomainError, match="no legal representative"):
        request_review(actor=ROBOT, customer=company)


def test_a_member_refused_for_good_blocks_the_group():
    company, representative = ready_company()
    owner = make_person("Olaf", "Owner")
    link(company, owner, percent="30")
    prevalidate(upload(representative, PASSPORT)), prevalidate(upload(owner, PASSPORT))
    Customer.objects.filter(pk=owner.pk).update(kyc_level=KycLevel.REFUSED)
    with pytest.raises(DomainError, match="Olaf Owner was refused permanently"):
        request_review(actor=ROBOT, customer=company)


def test_a_specified_us_person_needs_a_us_tin():
    person = make_person(is_specified_us_person=True)
    upload_all(person)
    with pytest.raises(DomainError, match="United States tax residence with its TIN"):
        request_review(actor=ROBOT, customer=person)
    update_tax_residences(actor=ROBOT, customer=person, residences=[Residence("US", "123-45-6789")])
    request_review(actor=ROBOT, customer=person)


def test_support_agents_never_receive_a_whole_tin_and_keep_the_one_on_file(signed_in, support_agent):
    person = make_person()
    update_tax_residences(actor=ROBOT, customer=person, residences=[Residence("FR", "3023217600053")])
    client = signed_in(support_agent)
    url = reverse("kyc-tax-residences", args=[person.pk])
    page = page_text(client.get(url))
    assert "3023217600053" not in page and "On file: •••• 0053" in page
    residence = person.tax_residences.get()
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "1",
        "form-0-pk": str(residence.pk),
        "form-0-country": "FR",
        "form-0-tin": "",
        "form-1-country": "DE",
        "form-1-tin": "",
        "form-1-tin_waiver": "on",
    }
    assert client.post(url, data).status_code == 302
    assert dict(person.tax_residences.filter(deleted_at__isnull=True).values_list("country", "tin")) == {
        "FR": "3023217600053",
        "DE": "",
    }


def test_identity_document_numbers_are_masked_for_support_agents(signed_in, support_agent, compliance_officer):
    person = make_person()
    document = upload(person, PASSPORT)
    Document.objects.filter(pk=document.pk).update(number="19FV54321")
    url = reverse("customer-tab", args=[person.pk, "kyc"])
    assert "19FV54321" not in page_text(signed_in(support_agent).get(url))
    assert "•••• 4321" in page_text(signed_in(support_agent).get(url))
    assert "19FV54321" in page_text(signed_in(compliance_officer).get(url))


def decision_page_queries(client, review) -> int:
    return count_queries(client, reverse("kyc-review-decide", args=[review.pk]))


def test_the_decision_page_reads_a_fixed_number_of_queries(signed_in, compliance_officer, support_agent):
    client = signed_in(compliance_officer)
    reviews = []
    for owners in (0, 2):  # a company alone with its representative, then with two owners too
        company, representative = ready_company()
        for index in range(owners):
            owner = make_person("Otto", f"Owner{index}")
            link(company, owner, percent="30")
            upload_all(owner, actor=support_agent)
        upload_all(representative, actor=support_agent)
        reviews.append(request_review(actor=ROBOT, customer=company))
    few, many = reviews
    assert (few.documents.count(), many.documents.count()) == (4, 8)
    assert decision_page_queries(client, many) == decision_page_queries(client, few)


def test_two_officers_deciding_at_once_make_one_decision(committed_db, make_staff):
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    officers = [make_staff(f"officer{n}", "Compliance officer") for n in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def decide(officer, decision):
        barrier.wait()
        try:
            if decision == "validate":
                decide_review(actor=officer, review=review, decision="validate", level=2)
            else:
                passport_id = review.documents.get(document_type=PASSPORT).pk
                decide_review(
                    actor=officer,
                    review=review,
                    decision="refuse",
                    level=1,
                    reason="Blurry.",
                    document_reasons={passport_id: "Blurry."},
                )
            outcomes.append(decision)
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=pair) for pair in zip(officers, ("validate", "refuse"), strict=True)
    ]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    decided = [o for o in outcomes if o in ("validate", "refuse")]
    assert len(decided) == 1 and any("decided already" in o for o in outcomes)
    expected = (2, 2) if decided == ["validate"] else (1, 3)
    assert kyc_state(person) == expected
    from backoffice.models import AuditEntry

    assert AuditEntry.objects.filter(action__startswith="kyc.review.", target_id=str(review.pk)).count() == 2


def test_a_members_documents_decided_with_the_group_show_in_the_members_history():
    from backoffice.models import AuditEntry

    company, representative = ready_company()
    upload_all(representative)
    decide_review(actor=ROBOT, review=request_review(actor=ROBOT, customer=company), decision="validate", level=2)
    assert AuditEntry.objects.filter(customer_id=representative.pk, action="kyc.document.validated").count() == 2
