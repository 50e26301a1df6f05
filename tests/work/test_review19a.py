"""Issue 19 attacked from outside (/work/briefs/review19a.md): each finding, fixed, as a test."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from backoffice.services import approvals
from customers.services import statements
from kyc.choices import DocumentStatus
from kyc.models import Document
from kyc.services import prevalidate_document
from kyc.services.reviews import assign_review, request_review
from kyc.work_items import open_expiring_documents
from tests.customers.factories import make_person
from tests.customers.test_statements import a_job
from tests.kyc.reviews import upload, upload_all
from work import services
from work.choices import WorkKind, WorkStatus
from work.escalation import escalate_overdue
from work.models import WorkItem
from work.selectors import my_overdue_count, reassign_form_kwargs

pytestmark = pytest.mark.django_db


def confidential_item(customer, **fields):
    return services.open_item(
        kind=WorkKind.RISK_REVIEW,
        subject=customer,
        title="Risk review",
        permission="customers.browse_customers",  # a permission support holds too: confidentiality decides
        customer_id=customer.pk,
        confidential=True,
        **fields,
    )


def test_a_confidential_item_is_never_given_to_whom_may_not_see_it(make_staff):
    officer, agent = make_staff("cora", COMPLIANCE_OFFICER), make_staff("sam", SUPPORT_AGENT)
    item = confidential_item(make_person())
    candidates = reassign_form_kwargs(officer, item)["candidates"]
    assert officer in candidates and agent not in candidates
    with pytest.raises(DomainError, match="may not do this item"):
        services.reassign(actor=officer, item=item, assignee=agent)
    WorkItem.objects.filter(pk=item.pk).update(assignee=agent, due_at=timezone.now() - timedelta(hours=1))
    assert my_overdue_count(agent) == 0, "even if it were theirs, the top bar does not count it"


def test_a_change_of_roles_is_work_for_the_holders_of_the_role_it_grants(make_staff):
    maker, other_admin = make_staff("ada", ADMINISTRATOR), make_staff("adam", ADMINISTRATOR)
    officer, staff = make_staff("cora", COMPLIANCE_OFFICER), make_staff("newbie", SUPPORT_AGENT)
    approval = approvals.request_approval(
        command=commands.get("backoffice.staff.roles.set"),
        actor=maker,
        target=staff,
        parameters={"roles": [SUPPORT_AGENT, COMPLIANCE_OFFICER], "version": staff.version, "reason": "Joins us."},
        target_repr=str(staff),
    )
    assert approval.approver_role == COMPLIANCE_OFFICER
    item = WorkItem.objects.get(kind=WorkKind.APPROVAL, subject_id=str(approval.pk))
    assert (item.permission, item.role) == ("", COMPLIANCE_OFFICER)
    assert services.take_next(actor=other_admin, kind=WorkKind.APPROVAL) is None, "may not approve it"
    assert services.take_next(actor=officer, kind=WorkKind.APPROVAL).pk == item.pk


def test_only_whoever_has_an_item_or_a_compliance_officer_moves_it(make_staff):
    uploader, sam, sue = (
        make_staff("uma", SUPPORT_AGENT),
        make_staff("sam", SUPPORT_AGENT),
        make_staff("sue", SUPPORT_AGENT),
    )
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    upload(make_person(), actor=uploader)
    item = services.take_next(actor=sam)
    with pytest.raises(DomainError, match="has it: ask them"):
        services.take_item(actor=sue, item=item)
    with pytest.raises(DomainError, match="has it: only they"):
        services.give_back(actor=sue, item=item)
    with pytest.raises(DomainError, match="has it: only they"):
        services.snooze(actor=sue, item=item, until=timezone.now() + timedelta(days=1), reason="Later.")
    with pytest.raises(DomainError, match="90 days at most"):
        services.snooze(actor=sam, item=item, until=timezone.now() + timedelta(days=91), reason="Much later.")
    services.take_item(actor=officer, item=item)  # a compliance officer takes over
    assert WorkItem.objects.get(pk=item.pk).assignee == officer
    with pytest.raises(DomainError, match="may not do this item, nor move it"):
        services.snooze(
            actor=uploader,
            item=services.give_back(actor=officer, item=item),
            until=timezone.now() + timedelta(days=1),
            reason="x",
        )
    with pytest.raises(DomainError, match="Nobody has it already"):
        services.reassign(actor=officer, item=item, assignee=None)


def test_the_review_queue_never_gives_the_requester_their_own_review(make_staff):
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=officer, customer=person)
    with pytest.raises(DomainError, match="You asked for this review"):
        assign_review(actor=officer, review=review, assignee=officer)
    assert WorkItem.objects.get(kind=WorkKind.KYC_REVIEW).assignee is None


def test_a_deactivated_customer_s_work_is_no_longer_needed_but_what_is_owed(make_staff):
    from compliance.services.deactivation import deactivate

    officer = make_staff("cora", COMPLIANCE_OFFICER)
    person = make_person()
    upload(person, actor=make_staff("uma", SUPPORT_AGENT))
    owed = services.open_item(
        kind=WorkKind.VIGILANCE_REFUND, subject=person, title="Refund", permission="p", customer_id=person.pk
    )
    deactivate(actor=officer, customer=person, reason="Closed at their request.")
    pre_review = WorkItem.objects.get(kind=WorkKind.PRE_REVIEW)
    assert pre_review.status == WorkStatus.CANCELED and pre_review.closed_by == officer
    assert WorkItem.objects.get(pk=owed.pk).status == WorkStatus.OPEN, "the transfer is still owed"


def test_an_identity_card_replaces_an_expiring_passport(make_staff):
    customer = make_person()
    passport = upload(customer)
    Document.objects.filter(pk=passport.pk).update(
        status=DocumentStatus.VALIDATED, expiry_date=timezone.localdate() + timedelta(days=10)
    )
    assert open_expiring_documents() == 1
    card = upload(customer, 9)  # an identity card
    prevalidate_document(actor=make_staff("sue", COMPLIANCE_OFFICER), document=card)
    assert WorkItem.objects.get(kind=WorkKind.DOCUMENT_EXPIRY).status == WorkStatus.DONE
    assert open_expiring_documents() == 0


def test_an_escalation_whose_email_failed_is_tried_again_and_audited(make_staff):
    make_staff("cora", COMPLIANCE_OFFICER)
    upload(make_person())
    WorkItem.objects.update(due_at=timezone.now() - timedelta(hours=9))
    with mock.patch("work.escalation.send_mail", side_effect=OSError("mail server down")), pytest.raises(OSError):
        escalate_overdue()
    assert WorkItem.objects.get().escalated_at is None, "not lost"
    assert escalate_overdue() == 1 and len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="work.escalated").count() == 1


def test_a_failed_statement_stays_its_requester_s(support_agent, make_staff, monkeypatch):
    job, _ = a_job(support_agent)
    monkeypatch.setitem(statements.WRITERS, "csv", mock.Mock(side_effect=OSError("disk full")))
    statements.build_statement(job.pk)
    item = WorkItem.objects.get(kind=WorkKind.FAILED_EMAIL)
    assert item.personal and item.assignee == support_agent
    with pytest.raises(DomainError, match="stays theirs"):
        services.give_back(actor=support_agent, item=item)
    colleague = make_staff("sue", SUPPORT_AGENT)
    with transaction.atomic():
        assert services.take_next(actor=colleague) is None
    assert list(reassign_form_kwargs(colleague, item)["candidates"]) == []
