"""The review through the panel: the KYC tab's request button (and why it is disabled), the
request's confirmation, compliance's decision page, assigning, and the verification level."""

import pytest
from django.urls import reverse

from customers.models import Customer
from kyc.models import Document, Review
from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text
from tests.kyc.reviews import PASSPORT, decide_review, kyc_state, upload, upload_all

pytestmark = pytest.mark.django_db


def kyc_tab(client, customer):
    return page_text(client.get(reverse("customer-tab", args=[customer.pk, "kyc"])))


def test_the_request_button_says_why_it_is_disabled(signed_in, support_agent):
    person = make_person()
    upload(person, PASSPORT)
    page = kyc_tab(signed_in(support_agent), person)
    assert "Request a KYC review</button>" in page and "disabled" in page
    assert "The review cannot be requested yet:" in page
    assert "Missing: proof of address (less than three months old)." in page
    assert "1 document still waits for the pre-review." in page
    assert reverse("kyc-review-request", args=[person.pk]) not in page


def test_a_support_agent_requests_the_review(signed_in, support_agent):
    person = make_person()
    upload_all(person)
    client = signed_in(support_agent)
    assert reverse("kyc-review-request", args=[person.pk]) in kyc_tab(client, person)
    confirm = page_text(client.get(reverse("kyc-review-request", args=[person.pk])))
    assert "The KYC level becomes None until the decision." in confirm and "becomes Pending" in confirm
    response = client.post(reverse("kyc-review-request", args=[person.pk]))
    assert response.status_code == 302 and response.url == reverse("customer-tab", args=[person.pk, "kyc"])
    assert kyc_state(person) == (0, 1)
    review = Review.objects.get()
    assert review.requested_by == support_agent and review.documents.count() == 2
    page = kyc_tab(client, person)
    assert "The KYC review is requested: compliance will decide." in page
    assert f"Review #{review.pk} requested" in page and "Not assigned yet." in page
    assert "KYC review requested" in page  # the KYC history


def test_a_validated_customer_keeps_their_level_while_a_new_review_is_pending(signed_in, support_agent):
    person = make_person()
    upload_all(person)
    decide_review(actor=ROBOT, review=request_review(actor=ROBOT, customer=person), decision="validate", level=2)
    from tests.kyc.reviews import prevalidate

    prevalidate(upload(person, 12, "new-bill.png"))
    confirm = page_text(signed_in(support_agent).get(reverse("kyc-review-request", args=[person.pk])))
    assert "The customer keeps the Regular level, and full service, until the decision." in confirm


def test_a_request_that_is_not_possible_goes_back_with_the_reasons(signed_in, compliance_officer):
    person = make_person()
    client = signed_in(compliance_officer)
    response = client.post(reverse("kyc-review-request", args=[person.pk]), follow=True)
    assert "Missing: identity document" in page_text(response)
    assert not Review.objects.exists()


def test_administrators_neither_request_nor_decide(signed_in, administrator):
    person = make_person()
    upload_all(person)
    page = kyc_tab(signed_in(administrator), person)
    assert "Request a KYC review" not in page and "No review is pending." in page


def pending_review():
    person = make_person("Paula", "Pending")
    upload_all(person)
    return request_review(actor=ROBOT, customer=person)


def test_the_decision_page_shows_the_declared_data_beside_each_document(signed_in, compliance_officer):
    review = pending_review()
    page = page_text(signed_in(compliance_officer).get(reverse("kyc-review-decide", args=[review.pk])))
    assert "Submitted documents (2)" in page
    assert page.count("Paula Pending") >= 3  # the summary, and declared beside each document
    assert "1985-04-12" in page  # compliance sees the whole birth date
    assert reverse("kyc-document-file", args=[review.documents.first().pk]) in page
    assert "Record the decision" in page and "Assign to me" in page


def test_compliance_validates_and_the_next_review_opens(signed_in, compliance_officer):
    review, following = pending_review(), pending_review()
    client = signed_in(compliance_officer)
    response = client.post(reverse("kyc-review-decide", args=[review.pk]), {"decision": "validate", "level": "3"})
    assert response.status_code == 302 and response.url == reverse("kyc-review-decide", args=[following.pk])
    assert kyc_state(review.customer) == (3, 2)
    assert Customer.objects.get(pk=review.customer_id).verification_status == "identified"
    page = page_text(client.get(reverse("kyc-review-decide", args=[review.pk])))
    assert "KYC level set to Strong." in page and "Record the decision" not in page


def test_a_refusal_without_reason_is_shown_next_to_the_field_and_nothing_changes(signed_in, compliance_officer):
    review = pending_review()
    response = signed_in(compliance_officer).post(
        reverse("kyc-review-decide", args=[review.pk]), {"decision": "refuse", "level": "1"}
    )
    assert response.status_code == 200
    assert "Say why the customer is refused: the reason is required." in page_text(response)
    assert kyc_state(review.customer) == (0, 1) and Review.objects.get().status == "pending"


def test_compliance_refuses_one_document_with_its_reason(signed_in, compliance_officer):
    review = pending_review()
    passport = review.documents.get(document_type=PASSPORT)
    response = signed_in(compliance_officer).post(
        reverse("kyc-review-decide", args=[review.pk]),
        {"decision": "refuse", "level": "1", "reason": "Expired passport.", f"document_{passport.pk}": "Expired."},
    )
    assert response.status_code == 302 and response.url == reverse("kyc-review-queue")
    assert kyc_state(review.customer) == (1, 3)
    assert dict(Document.objects.values_list("document_type", "status")) == {PASSPORT: "refused", 12: "validated"}


def test_assign_to_me_and_give_it_back(signed_in, compliance_officer):
    review = pending_review()
    client = signed_in(compliance_officer)
    client.post(reverse("kyc-review-assign", args=[review.pk]), {"next": "queue"})
    assert Review.objects.get().assigned_to == compliance_officer
    assert "Give it back" in page_text(client.get(reverse("kyc-review-decide", args=[review.pk])))
    client.post(reverse("kyc-review-assign", args=[review.pk]), {"release": "1"})
    assert Review.objects.get().assigned_to is None


def test_the_verification_level_is_set_with_a_reason(signed_in, compliance_officer, make_staff):
    """Levels 3–5 wait for a second person (four-eyes); back to level 2 is immediate."""
    from django.test import Client

    from backoffice.models import ApprovalRequest
    from tests.conftest import PASSWORD, sign_in

    review = pending_review()
    decide_review(actor=ROBOT, review=review, decision="validate", level=2)
    client = signed_in(compliance_officer)
    url = reverse("kyc-verification-level", args=[review.customer_id])
    response = client.post(url, {"level": "4", "reason": ""})
    assert response.status_code == 200 and "This field is required." in page_text(response)
    response = client.post(url, {"level": "4", "reason": "Proof of funds checked."}, follow=True)
    assert "to set level 4 waits for a second person" in page_text(response)
    assert Customer.objects.get(pk=review.customer_id).verification_level == 2
    approval = ApprovalRequest.objects.get(command="kyc.verification_level.raise")
    second = sign_in(Client(), make_staff("second", "Administrator"))
    second.post(reverse("approval-approve", args=[approval.pk]), {"text": "Funds seen.", "password": PASSWORD})
    assert Customer.objects.get(pk=review.customer_id).verification_level == 4
    assert "Level 4 (extra check, e.g. proof of funds)" in kyc_tab(client, review.customer)
    client.post(url, {"level": "2", "reason": "Back to the derived level."})
    assert Customer.objects.get(pk=review.customer_id).verification_level == 2, "immediate"


def test_levels_3_to_5_need_an_identified_customer(signed_in, compliance_officer):
    person = make_person()
    response = signed_in(compliance_officer).post(
        reverse("kyc-verification-level", args=[person.pk]), {"level": "3", "reason": "Address checked."}
    )
    assert "this one is not identified yet" in page_text(response)
    assert Customer.objects.get(pk=person.pk).verification_level == 0


def test_a_state_that_allows_no_request_is_refused_with_its_reason_not_a_500(signed_in, compliance_officer):
    """Review 18d: a Regular customer whose review is None (the demo makes some) was offered the
    page, which failed with a 500."""
    from customers.choices import KycLevel, KycReview

    person = make_person()
    upload_all(person)
    Customer.objects.filter(pk=person.pk).update(kyc_level=KycLevel.REGULAR, kyc_review=KycReview.NONE)
    response = signed_in(compliance_officer).get(reverse("kyc-review-request", args=[person.pk]), follow=True)
    assert response.status_code == 200 and "Not possible at kyc level regular, review none" in page_text(response)
    assert not Review.objects.exists()
