"""The demo's customers carry the review status their reviews and documents give (seed 002: "The
User's review status is automatically deduced from all the documents individual review status"):
no customer shows "KYC review Pending" without a pending review, nor "Validated" without one."""

import pytest
from django.core.management import call_command

from customers.choices import KycReview
from customers.models import Customer
from kyc.models import Review
from kyc.requirements import review_blockers
from kyc.review_status import kyc_review_from_documents
from tests.customers.factories import make_person


def derived_review_status(customer) -> int:
    latest = Review.objects.filter(customer=customer).order_by("-requested_at").first()
    if latest is None:
        return kyc_review_from_documents(None, review_decided=False)
    submitted = [document.status for document in latest.documents.all()]
    return kyc_review_from_documents(submitted, review_decided=latest.status != "pending")


@pytest.mark.django_db
def test_the_full_demo_is_consistent(settings):
    """The demo the README starts (300 customers), built once for every check below: each
    customer's review status is the one its reviews give, and no company is held up by a
    deactivated member (``add_relationship`` refuses one)."""
    settings.DEBUG = True
    call_command("demo")
    every_demo_customer_has_the_review_status_its_reviews_give()
    no_demo_company_is_held_up_by_a_deactivated_member()


def every_demo_customer_has_the_review_status_its_reviews_give():
    wrong = [
        (str(customer), customer.get_kyc_review_display(), derived_review_status(customer))
        for customer in Customer.objects.order_by("pk")
        if customer.kyc_review != derived_review_status(customer)
    ]
    assert wrong == []
    assert Customer.objects.filter(kyc_review=KycReview.PENDING).exists()  # the queues have reviews to show


def no_demo_company_is_held_up_by_a_deactivated_member():
    from customers.models import Relationship

    assert Relationship.objects.exists()
    assert not Relationship.objects.filter(related__status="CANCELED").exists()


@pytest.mark.django_db
def test_a_pending_status_without_a_pending_review_does_not_lock_the_customer_out():
    """The refusal "A review is already pending" reads the reviews, not a column that may disagree."""
    person = make_person()
    Customer.objects.filter(pk=person.pk).update(kyc_review=KycReview.PENDING)
    person.refresh_from_db()
    assert "A review is already pending." not in review_blockers(person)
