"""The time-driven work (issue 19): identity documents about to expire, risk reviews coming due;
and escalation, once, of what is overdue past its grace."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER
from compliance.services.risk import set_risk
from compliance.work_items import open_risk_reviews_due
from kyc.choices import DocumentStatus
from kyc.models import Document
from kyc.services import prevalidate_document
from kyc.work_items import open_expiring_documents
from tests.customers.factories import make_person
from tests.kyc.reviews import upload
from work.choices import WorkKind, WorkStatus
from work.escalation import escalate_overdue
from work.models import WorkItem

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def passport(customer, expires: date):
    document = upload(customer)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.VALIDATED, expiry_date=expires)
    return Document.objects.get(pk=document.pk)


def test_an_identity_document_expiring_within_thirty_days_is_work_once_until_replaced(make_staff):
    customer = make_person()
    soon = passport(customer, TODAY + timedelta(days=20))
    passport(make_person("Later", "Person"), TODAY + timedelta(days=90))
    assert open_expiring_documents(TODAY) == 1
    assert open_expiring_documents(TODAY) == 0, "once"
    item = WorkItem.objects.get(kind=WorkKind.DOCUMENT_EXPIRY)
    assert item.subject_id == str(soon.pk) and "expires on 2026-12-27" in item.title
    assert timezone.localtime(item.due_at).date() == TODAY + timedelta(days=20)
    replacement = upload(customer)
    prevalidate_document(actor=make_staff("sue", COMPLIANCE_OFFICER), document=replacement)
    assert WorkItem.objects.get(pk=item.pk).status == WorkStatus.DONE, "the new passport passed the first line"


def test_a_risk_review_coming_due_is_confidential_work_closed_by_the_next_assessment(make_staff):
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    customer = make_person()
    set_risk(
        actor=officer,
        customer=customer,
        level="high",
        score=70,
        last_review_on=TODAY - timedelta(days=360),
        next_review_on=TODAY + timedelta(days=5),
        reason="Yearly.",
    )
    assert open_risk_reviews_due(TODAY) == 1
    item = WorkItem.objects.get(kind=WorkKind.RISK_REVIEW)
    assert item.confidential and item.url == f"/compliance/customers/{customer.pk}/risk/"
    set_risk(
        actor=officer,
        customer=customer,
        level="high",
        score=65,
        last_review_on=TODAY - timedelta(days=1),
        next_review_on=TODAY + timedelta(days=364),
        reason="Reviewed.",
    )
    assert WorkItem.objects.get(pk=item.pk).status == WorkStatus.DONE
    assert open_risk_reviews_due(TODAY) == 0, "the next review is a year away"


def test_an_item_overdue_past_its_grace_is_escalated_once_to_its_role(make_staff):
    make_staff("ada", ADMINISTRATOR)
    make_staff("cora", COMPLIANCE_OFFICER)
    upload(make_person())
    item = WorkItem.objects.get(kind=WorkKind.PRE_REVIEW)  # escalated to compliance officers
    WorkItem.objects.filter(pk=item.pk).update(due_at=timezone.now() - timedelta(hours=2))
    assert escalate_overdue() == 0, "within the grace period"
    WorkItem.objects.filter(pk=item.pk).update(due_at=timezone.now() - timedelta(hours=9))
    assert escalate_overdue() == 1
    assert [message.to for message in mail.outbox] == [["cora@example.test"]], "not the administrator"
    assert "Passport of" in mail.outbox[0].body and "/work/?due=overdue" in mail.outbox[0].body
    assert escalate_overdue() == 0 and len(mail.outbox) == 1, "once"
