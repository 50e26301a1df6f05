"""The review queue opened without filters reads its first page, count and estimate by SQL
compiled once (issue 17): the same reviews as the ORM reads, fresh each time."""

import pytest
from django.urls import reverse

from tests.customers.factories import make_person
from tests.kyc.test_queues import a_review

pytestmark = pytest.mark.django_db
QUEUE = reverse("kyc-review-queue")


def reviews(response) -> list[int]:
    return [review.pk for review in response.context["page"].object_list]


def test_the_first_page_is_what_the_orm_reads_and_stays_fresh(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    for days in (3, 1, 2):
        a_review(make_person(), days_ago=days)
    first = client.get(QUEUE)
    assert reviews(first) == reviews(client.get(QUEUE + "?page=1"))  # a query string: the ORM's way
    assert first.context["page"].paginator.count == 3
    newest = a_review(make_person(), days_ago=0)
    again = client.get(QUEUE)
    assert reviews(again)[-1] == newest.pk and again.context["page"].paginator.count == 4
    assert reviews(again) == reviews(client.get(QUEUE + "?page=1"))
