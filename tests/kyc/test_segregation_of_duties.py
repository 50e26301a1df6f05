"""Segregation of duties (issue 18): whoever uploaded a document does not pre-review it, and
whoever asked for a KYC review does not decide it; another person does. Refused in the service
and said on the page, before anyone fills anything in."""

import pytest
from django.test import Client
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.roles import COMPLIANCE_OFFICER
from customers.choices import KycLevel
from customers.models import Customer
from kyc.models import Document
from kyc.services import prevalidate_document
from kyc.services.reviews import request_review, validate_review
from tests.conftest import sign_in
from tests.customers.factories import make_person
from tests.helpers import page_text
from tests.kyc.reviews import PASSPORT, upload, upload_all

pytestmark = pytest.mark.django_db


def test_the_uploader_does_not_pre_review_their_own_document(make_staff):
    uploader, other = make_staff("uploader", COMPLIANCE_OFFICER), make_staff("other", COMPLIANCE_OFFICER)
    document = upload(make_person(), PASSPORT, actor=uploader)
    with pytest.raises(DomainError, match="You uploaded this document"):
        prevalidate_document(actor=uploader, document=document)
    client = sign_in(Client(), uploader)
    response = client.get(reverse("kyc-document-prevalidate", args=[document.customer_id, document.pk]), follow=True)
    assert "You uploaded this document: another person pre-reviews it" in page_text(response)
    queue = client.get(reverse("kyc-prereview-document", args=[document.pk]), follow=True)
    assert "You uploaded this document" in page_text(queue)
    assert Document.objects.get(pk=document.pk).status == "pending"
    prevalidate_document(actor=other, document=document)
    assert Document.objects.get(pk=document.pk).status == "pre_validated"


def test_the_requester_does_not_decide_the_review(make_staff):
    requester, decider = make_staff("requester", COMPLIANCE_OFFICER), make_staff("decider", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=requester, customer=person)
    with pytest.raises(DomainError, match="You asked for this review"):
        validate_review(actor=requester, review=review, level=2)
    client = sign_in(Client(), requester)
    url = reverse("kyc-review-decide", args=[review.pk])
    page = page_text(client.get(url))
    assert "You asked for this review: another person decides it" in page and 'id="decision-form"' not in page
    refused = client.post(url, {"decision": "validate", "level": "2", "reason": ""}, follow=True)
    assert "You asked for this review" in page_text(refused)
    assert Customer.objects.get(pk=person.pk).kyc_level != 2
    validate_review(actor=decider, review=review, level=2)
    assert Customer.objects.get(pk=person.pk).kyc_level == 2


def test_refusing_for_good_waits_for_a_second_compliance_officer(make_staff):
    from backoffice.models import ApprovalRequest
    from tests.conftest import PASSWORD

    requester = make_staff("requester", "Support agent")
    decider, second = make_staff("decider", COMPLIANCE_OFFICER), make_staff("second", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=requester, customer=person)
    client = sign_in(Client(), decider)
    url = reverse("kyc-review-decide", args=[review.pk])
    empty = client.post(url, {"decision": "refuse_permanently", "reason": ""})
    assert "Say why" in page_text(empty) or "reason is required" in page_text(empty)
    response = client.post(url, {"decision": "refuse_permanently", "reason": "Forged passport."}, follow=True)
    assert "waits for a second compliance officer" in page_text(response)
    assert Customer.objects.get(pk=person.pk).kyc_level != KycLevel.REFUSED
    assert review.__class__.objects.get(pk=review.pk).is_pending
    approval = ApprovalRequest.objects.get(command="kyc.review.refuse_permanently")
    own = client.post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Me.", "password": PASSWORD}, follow=True
    )
    assert "another person must approve" in page_text(own)
    checker = sign_in(Client(), second)
    checker.post(reverse("approval-approve", args=[approval.pk]), {"text": "Seen the forgery.", "password": PASSWORD})
    review.refresh_from_db()
    assert review.status == "refused_permanently" and review.decided_by == decider
    assert Customer.objects.get(pk=person.pk).kyc_level == KycLevel.REFUSED
