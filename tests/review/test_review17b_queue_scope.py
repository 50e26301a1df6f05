"""Review of issue 17 (the review queue's first page compiled once): a staff member who may
decide reviews but not browse customers.

``ReviewQueueView`` names the queue's first page ``("review queue", has_access(user, BROWSE))``:
without BROWSE the queue is ``none()`` (``of_visible_customers``), whose count
``first_pages.count`` compiled, and Django's compiler raises ``EmptyResultSet`` for ``none()``:
a 500 where the ORM's paginator showed an empty queue."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from backoffice.pagination import Page, first_pages
from customers.models import Customer
from tests.customers.factories import make_person
from tests.kyc.test_queues import a_review

pytestmark = pytest.mark.django_db
QUEUE = reverse("kyc-review-queue")


def test_a_decider_who_may_not_browse_customers_sees_an_empty_queue(signed_in, make_staff):
    decider = make_staff("decider")
    decider.user_permissions.add(Permission.objects.get(codename="decide_kyc_review"))
    a_review(make_person(), days_ago=1)
    response = signed_in(decider).get(QUEUE)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert response.context["page"].paginator.count == 0


def test_an_empty_list_read_as_a_first_page_reads_nothing():
    make_person()
    page = Page(object_list=[], number=None, per_page=5, has_next=True)
    first_pages.read(page, Customer.objects.none(), ("review", "empty list"))
    assert (page.object_list, page.has_next, page.number) == ([], False, 1)
    assert first_pages.count(Customer.objects.none(), 10, ("review", "empty list")) == 0
