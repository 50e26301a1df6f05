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


def test_a_narrower_scope_goes_through_the_orm(signed_in, compliance_officer, monkeypatch):
    """The queue named its first page by BROWSE alone: should the scope ever narrow per staff
    member (``of_visible_customers`` says it would filter), the first viewer's SQL would serve all."""
    from customers import selectors as customer_selectors
    from kyc import selectors as kyc_selectors
    from kyc.views import queues

    hidden = a_review(make_person("Hidden", "Customer"), days_ago=2)
    shown = a_review(make_person("Shown", "Customer"), days_ago=1)
    everyone, visible = customer_selectors.customers_visible_to, kyc_selectors.of_visible_customers
    monkeypatch.setattr(queues, "customers_visible_to", lambda user: everyone(user).exclude(first_name="Hidden"))
    monkeypatch.setattr(
        kyc_selectors, "of_visible_customers", lambda qs, user: visible(qs, user).exclude(customer__first_name="Hidden")
    )
    kept = []
    monkeypatch.setattr(first_pages, "rows", lambda *args: kept.append(args) or pytest.fail("not for a narrow scope"))
    response = signed_in(compliance_officer).get(QUEUE)
    assert [review.pk for review in response.context["page"].object_list] == [shown.pk] != [hidden.pk]
    assert not kept
