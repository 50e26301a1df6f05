"""``/work/`` as each role sees it, and "Take next" from it (issue 19)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kyc.services.reviews import request_review
from tests.customers.factories import ROBOT, make_person
from tests.helpers import count_queries, page_text
from tests.kyc.reviews import upload, upload_all
from work import services
from work.choices import WorkKind, WorkStatus
from work.models import WorkItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue():
    """A document to pre-review (overdue) and a KYC review to decide."""
    waiting = upload(make_person("Anna", "Waiting"))
    WorkItem.objects.filter(kind=WorkKind.PRE_REVIEW).update(due_at=timezone.now() - timedelta(hours=2))
    reviewed = make_person("Bruno", "Reviewed")
    upload_all(reviewed)
    return waiting, request_review(actor=ROBOT, customer=reviewed)


def test_each_role_sees_the_work_it_may_do(signed_in, support_agent, compliance_officer, queue):
    support = page_text(signed_in(support_agent).get(reverse("work-list")))
    assert "Passport of Anna Waiting" in support and "Overdue" in support
    assert "KYC review #" not in support, "support decides no review"
    compliance = page_text(signed_in(compliance_officer).get(reverse("work-list")))
    assert "Passport of Anna Waiting" in compliance and f"KYC review #{queue[1].pk} of Bruno Reviewed" in compliance


def test_the_filters_narrow_to_overdue_and_kind(signed_in, compliance_officer, queue):
    client = signed_in(compliance_officer)
    overdue = page_text(client.get(reverse("work-list"), {"due": "overdue"}))
    assert "Anna Waiting" in overdue and "Bruno Reviewed" not in overdue
    reviews = page_text(client.get(reverse("work-list"), {"kind": WorkKind.KYC_REVIEW}))
    assert "Bruno Reviewed" in reviews and "Anna Waiting" not in reviews
    done = page_text(client.get(reverse("work-list"), {"status": WorkStatus.DONE}))
    assert "Anna Waiting" not in done


def test_take_next_opens_the_page_of_the_item_it_gave(signed_in, compliance_officer, queue):
    client = signed_in(compliance_officer)
    response = client.post(reverse("work-take-next"), {"kind": WorkKind.KYC_REVIEW})
    assert response.status_code == 302 and response["Location"] == reverse("kyc-review-decide", args=[queue[1].pk])
    assert WorkItem.objects.get(kind=WorkKind.KYC_REVIEW).assignee == compliance_officer
    response = client.post(reverse("work-take-next"), {"kind": WorkKind.KYC_REVIEW}, follow=True)
    assert "Nothing left to take" in page_text(response)


def test_the_list_makes_the_same_queries_whatever_its_size(signed_in, compliance_officer):
    """Issue 19's budget: a constant number of queries (the page's items come with their
    customers and assignees in one query)."""
    client = signed_in(compliance_officer)

    def queries_with(rows: int) -> int:
        for index in range(rows):
            upload(make_person(f"P{index}", "Queue"))
            customer = make_person(f"R{index}", "Risky")  # a risk review links by its customer, no query
            services.open_item(
                kind=WorkKind.RISK_REVIEW,
                subject=customer,
                title=f"Risk review of {customer}",
                permission="compliance.set_risk_level",
                customer_id=customer.pk,
                confidential=True,
            )
        client.get(reverse("work-list"))  # warm what both sizes share (permissions, rules)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("work-list"))
        assert "Queue" in page_text(response)
        return len(queries)

    assert queries_with(3) == queries_with(20)  # 6 items, then 46: one page of 50 each time


def test_the_dashboard_makes_the_same_queries_whatever_the_work(signed_in, compliance_officer):
    """Issue 19's budget: the counts per kind are one grouped query, whatever the number of items."""
    client = signed_in(compliance_officer)

    def queries_with(rows: int) -> int:
        for index in range(rows):
            upload(make_person(f"D{index}", "Dash"))
        return count_queries(client, reverse("dashboard"))

    assert queries_with(2) == queries_with(25)


def test_the_dashboard_counts_open_overdue_and_due_today_per_kind(signed_in, support_agent, compliance_officer, queue):
    support = page_text(signed_in(support_agent).get(reverse("dashboard")))
    assert "Work to do" in support and "Document pre-review" in support and "KYC review decision" not in support
    page = signed_in(compliance_officer).get(reverse("dashboard")).content.decode()
    assert "KYC review decision" in page and "due=overdue" in page, "the overdue pre-review links to its list"


def test_an_item_is_taken_snoozed_given_to_a_colleague_and_given_back(signed_in, support_agent, make_staff, queue):
    item = WorkItem.objects.get(kind=WorkKind.PRE_REVIEW, status=WorkStatus.OPEN)
    client = signed_in(support_agent)
    page = page_text(client.get(reverse("work-item", args=[item.pk])))
    assert "Passport of Anna Waiting" in page and "Overdue" in page and "Take it" in page
    assert "Give it back" not in page, "nobody has it yet"
    client.post(reverse("work-item-take", args=[item.pk]))
    assert WorkItem.objects.get(pk=item.pk).assignee == support_agent
    response = client.post(reverse("work-item-snooze", args=[item.pk]), {"until": "2000-01-01T10:00", "reason": "x"})
    assert "a moment in the future" in page_text(response), "next to the field"
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("work-item-snooze", args=[item.pk]), {"until": later, "reason": "The customer re-sends."})
    assert WorkItem.objects.get(pk=item.pk).status == WorkStatus.SNOOZED
    colleague = make_staff("sue", "Support agent")
    form = page_text(client.get(reverse("work-item-reassign", args=[item.pk])))
    assert "Sue" in form or "sue" in form
    client.post(reverse("work-item-reassign", args=[item.pk]), {"assignee": colleague.pk})
    assert WorkItem.objects.get(pk=item.pk).assignee == colleague
    signed_in(colleague).post(reverse("work-item-give-back", args=[item.pk]))
    assert WorkItem.objects.get(pk=item.pk).assignee is None
