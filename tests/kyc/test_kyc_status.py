"""Synctera's KYC status beside the customer's status (issue 21: "KYC status: Passed, Failed…
(including last date that KYC was run)"): on the profile header, in the lists (a column offered
in Columns, a filter, the export), from T's KYC review; the date of the last decided review, set
by the decision and back-filled for the customers decided before."""

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.choices import KycReview, KycStatus
from customers.models import Customer
from kyc.demo import mark_last_kyc_runs
from kyc.models import Review
from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

from .reviews import decide_review, upload_all

pytestmark = pytest.mark.django_db


def header(client, person) -> str:
    page = page_text(client.get(reverse("customer-profile", args=[person.pk])))
    return page[page.index('aria-label="Statuses"') :][:1200]


def test_the_header_says_not_run_in_review_then_passed_with_its_date(signed_in, support_agent):
    person = make_person("Zoé", "Dupont")
    client = signed_in(support_agent)
    assert "Not run" in header(client, person)
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    assert "In review" in header(client, person) and " run " not in header(client, person)
    decide_review(actor=ROBOT, review=review, decision="validate", level=2)
    person.refresh_from_db()
    assert person.kyc_status == KycStatus.PASSED and person.kyc_checked_at is not None
    seen = header(client, person)
    assert "Passed" in seen and f"run {timezone.localdate().isoformat()}" in seen


@pytest.mark.parametrize(
    ("review", "status"),
    [
        (KycReview.NONE, "Not run"),
        (KycReview.PENDING, "In review"),
        (KycReview.VALIDATED, "Passed"),
        (KycReview.REFUSED, "Failed"),
        (KycReview.CLOSED, "Failed"),
    ],
)
def test_every_review_reads_as_a_kyc_status(review, status):
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(kyc_review=review)
    person.refresh_from_db()
    assert KycStatus(person.kyc_status).label == status


def test_the_lists_filter_by_kyc_status_and_export_it_with_its_date(signed_in, support_agent):
    passed, waiting = make_person("Anna", "Passed"), make_person("Bob", "Waiting")
    when = timezone.now()
    Customer.objects.filter(pk=passed.pk).update(kyc_review=KycReview.VALIDATED, kyc_checked_at=when)
    Customer.objects.filter(pk=waiting.pk).update(kyc_review=KycReview.PENDING)
    client = signed_in(support_agent)
    page = page_text(client.get(reverse("customer-persons"), {"kyc_status": "passed"}))
    assert "Passed" in page and "Waiting" not in page
    client.post(reverse("customer-persons"), {"columns_action": "save", "columns": ["name", "kyc"]})
    body = b"".join(client.post(reverse("customer-persons"), {"export": "csv"}).streaming_content).decode()
    assert f"Passed ({when.date().isoformat()})" in body and "In review" in body


def test_customers_decided_before_the_field_get_their_last_review_date():
    person = make_person()
    upload_all(person)
    review = decide_review(
        actor=ROBOT, review=request_review(actor=ROBOT, customer=person), decision="validate", level=2
    )
    Customer.objects.filter(pk=person.pk).update(kyc_checked_at=None)
    assert mark_last_kyc_runs(Customer, Review) == 1
    person.refresh_from_db()
    assert person.kyc_checked_at == Review.objects.get(pk=review.pk).decided_at
