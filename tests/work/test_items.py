"""Work items open and close with what they are about (issue 19): a document to pre-review, a
KYC review to decide; "Take next" hands out the oldest-due item a person may do, once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from backoffice.errors import DomainError
from backoffice.roles import COMPLIANCE_OFFICER, SUPPORT_AGENT
from kyc.models import Review
from kyc.services import prevalidate_document
from kyc.services.reviews import assign_review, request_review
from tests.conftest import require_service
from tests.customers.factories import ROBOT, make_person
from tests.kyc.reviews import decide_review, upload, upload_all
from work import services
from work.choices import WorkKind, WorkStatus
from work.models import WorkItem

pytestmark = pytest.mark.django_db


def items(kind, **filters):
    return list(WorkItem.objects.filter(kind=kind, **filters))


def test_an_uploaded_document_waits_for_its_pre_review_until_it_is_done(make_staff):
    checker = make_staff("sue", SUPPORT_AGENT)
    document = upload(make_person())
    (item,) = items(WorkKind.PRE_REVIEW)
    assert item.status == WorkStatus.OPEN and item.customer_id == document.customer_id
    assert item.url == f"/kyc/prereview/{document.pk}/" and "Passport" in item.title
    assert item.due_at > item.created_at
    prevalidate_document(actor=checker, document=document)
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE and item.closed_by == checker and item.closed_at


def test_a_requested_review_waits_for_its_decision_and_follows_its_assignee(make_staff):
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    (item,) = items(WorkKind.KYC_REVIEW, status=WorkStatus.OPEN)
    assert item.url == f"/kyc/reviews/{review.pk}/"
    assign_review(actor=officer, review=review, assignee=officer)
    item.refresh_from_db()
    assert item.assignee == officer, "taken from the review queue: the item is theirs too"
    decide_review(actor=officer, review=review, decision="validate", level=2)
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE and item.closed_by == officer


def test_take_next_gives_the_oldest_due_item_the_person_may_do_and_its_subject_follows(make_staff):
    officer, agent = make_staff("cora", COMPLIANCE_OFFICER), make_staff("sam", SUPPORT_AGENT)
    first, second = make_person(), make_person("Ann", "Other")
    for person in (first, second):
        upload_all(person)
    early = request_review(actor=ROBOT, customer=first)
    request_review(actor=ROBOT, customer=second)
    WorkItem.objects.filter(subject_id=str(early.pk), kind=WorkKind.KYC_REVIEW).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    assert services.take_next(actor=agent, kind=WorkKind.KYC_REVIEW) is None, "support decides no review"
    taken = services.take_next(actor=officer, kind=WorkKind.KYC_REVIEW)
    assert taken.subject_id == str(early.pk) and taken.assignee == officer
    assert Review.objects.get(pk=early.pk).assigned_to == officer, "the review queue says it is theirs"
    assert services.take_next(actor=officer, kind=WorkKind.KYC_REVIEW).subject_id != str(early.pk)
    assert services.take_next(actor=officer, kind=WorkKind.KYC_REVIEW) is None


def test_a_snoozed_item_comes_back_at_its_time_and_a_reason_is_required(make_staff):
    agent = make_staff("sam", SUPPORT_AGENT)
    upload(make_person())
    (item,) = items(WorkKind.PRE_REVIEW)
    with pytest.raises(DomainError, match="Say why"):
        services.snooze(actor=agent, item=item, until=timezone.now() + timedelta(days=1), reason=" ")
    services.snooze(actor=agent, item=item, until=timezone.now() + timedelta(days=1), reason="Customer re-sends.")
    assert WorkItem.objects.get(pk=item.pk).status == WorkStatus.SNOOZED
    assert services.wake_snoozed(timezone.now()) == 0
    assert services.wake_snoozed(timezone.now() + timedelta(days=2)) == 1
    assert WorkItem.objects.get(pk=item.pk).status == WorkStatus.OPEN


def test_one_pending_item_per_subject():
    document = upload(make_person())
    again = services.open_item(
        kind=WorkKind.PRE_REVIEW, subject=document, title="again", permission="kyc.prereview_documents"
    )
    assert WorkItem.objects.filter(kind=WorkKind.PRE_REVIEW).count() == 1 and again.title != "again"


def test_take_next_hands_sixteen_concurrent_callers_sixteen_distinct_items(committed_db, make_staff):
    """Issue 19's budget: "Take next" under 16 concurrent callers (PostgreSQL, SKIP LOCKED)."""
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    officers = [make_staff(f"officer{index}", COMPLIANCE_OFFICER) for index in range(16)]
    for index in range(20):
        upload(make_person(f"P{index}", "Queue"))
    barrier, taken, errors = threading.Barrier(16), [], []

    def take(officer):
        try:
            barrier.wait()
            item = services.take_next(actor=officer, kind=WorkKind.PRE_REVIEW)
            taken.append(item.pk if item else None)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and None not in taken
    assert len(set(taken)) == 16


def test_a_four_eyes_request_is_work_until_it_is_decided(make_staff):
    from backoffice.commands import commands
    from backoffice.roles import ADMINISTRATOR
    from backoffice.services import approvals
    from compliance.services.restrictions import freeze_assets

    maker, checker = make_staff("ada", ADMINISTRATOR), make_staff("bob", ADMINISTRATOR)
    customer = make_person()
    freeze_assets(actor=ROBOT, customer=customer, comment="Court.")
    approval = approvals.request_approval(
        command=commands.get("compliance.freeze.lift"),
        actor=maker,
        target=customer,
        parameters={"comment": "Cleared."},
        customer_id=customer.pk,
    )
    (item,) = items(WorkKind.APPROVAL)
    assert item.confidential and item.customer_id == customer.pk and item.url == f"/approvals/{approval.pk}/"
    assert services.take_next(actor=maker) is None, "never one's own request"
    assert services.take_next(actor=checker).pk == item.pk
    approvals.approve(approval=approval, checker=checker, comment="Checked.")
    item.refresh_from_db()
    assert item.status == WorkStatus.DONE and item.closed_by == checker


def test_the_uploader_is_never_given_their_own_document_to_pre_review(make_staff):
    uploader, other = make_staff("sam", SUPPORT_AGENT), make_staff("sue", SUPPORT_AGENT)
    upload(make_person(), actor=uploader)
    assert services.take_next(actor=uploader) is None
    assert services.take_next(actor=other) is not None
