"""Re-KYC (issue 19): an identity document's expiry date is read at the pre-review, and the KYC
tab says when the document in force expired or expires soon; a risk review comes back by level
(high 12 months, medium 24, low 36, unless administrators set others)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from backoffice.roles import SUPPORT_AGENT
from compliance.models import RiskProfile
from compliance.services.risk import set_risk
from kyc.choices import DocumentStatus
from kyc.models import Document
from tests.customers.factories import make_person
from tests.helpers import page_text
from tests.kyc.reviews import upload
from work.calendar import add_months
from work.models import WorkTarget

pytestmark = pytest.mark.django_db


def test_the_pre_review_reads_an_identity_document_s_expiry_date(signed_in, support_agent, make_staff):
    document = upload(make_person(), actor=make_staff("uma", SUPPORT_AGENT))
    Document.objects.filter(pk=document.pk).update(expiry_date=None)  # sent through the API without one
    client = signed_in(support_agent)
    url = reverse("kyc-prereview-document", args=[document.pk])
    assert "Expires on" in page_text(client.get(url))
    response = client.post(url, {"command": "prevalidate"})
    assert response.status_code == 200 and "Read the expiry date on the document." in page_text(response)
    past = timezone.localdate() - timedelta(days=1)
    response = client.post(url, {"command": "prevalidate", "expiry_date": past.isoformat()})
    assert "pre-refuse it and ask the customer for a valid one" in page_text(response)
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.PENDING, "nothing half-saved"
    read = timezone.localdate() + timedelta(days=700)
    response = client.post(url, {"command": "prevalidate", "expiry_date": read.isoformat()})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.PRE_VALIDATED and document.expiry_date == read
    entry = AuditEntry.objects.get(action="kyc.document.prevalidated")
    assert entry.changes["expiry_date"] == [None, read.isoformat()]


def test_a_proof_of_address_has_no_expiry_to_read(signed_in, support_agent, make_staff):
    document = upload(make_person(), 12, actor=make_staff("uma", SUPPORT_AGENT))
    page = page_text(signed_in(support_agent).get(reverse("kyc-prereview-document", args=[document.pk])))
    assert "Expires on" not in page


def test_the_kyc_tab_says_the_identity_document_expired(signed_in, support_agent):
    person = make_person()
    document = upload(person)
    client = signed_in(support_agent)
    tab = reverse("customer-tab", args=[person.pk, "kyc"])
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.VALIDATED)
    assert "valid until" in page_text(client.get(tab))
    soon = timezone.localdate() + timedelta(days=10)
    Document.objects.filter(pk=document.pk).update(expiry_date=soon)
    page = page_text(client.get(tab))
    assert "Expires soon" in page and f"expires on {soon:%Y-%m-%d} (in 10 days)" in page
    gone = timezone.localdate() - timedelta(days=3)
    Document.objects.filter(pk=document.pk).update(expiry_date=gone)
    page = page_text(client.get(tab))
    assert f"Passport expired on {gone:%Y-%m-%d}: ask the customer for a valid one." in page
    assert page.count(">Expired<") == 2, "in the status and on the document's line"


@pytest.mark.parametrize(("level", "months"), [("high", 12), ("medium", 24), ("low", 36)])
def test_a_risk_review_comes_back_by_level_at_the_latest(compliance_officer, level, months):
    customer, today = make_person(), timezone.localdate()
    profile = set_risk(
        actor=compliance_officer,
        customer=customer,
        level=level,
        score=50,
        last_review_on=today,
        next_review_on=None,
        reason="Onboarding.",
    )
    assert profile.next_review_on == add_months(today, months), "left blank: the level's interval"
    with pytest.raises(DomainError, match=f"reviewed at least every {months} months") as refused:
        set_risk(
            actor=compliance_officer,
            customer=customer,
            level=level,
            score=50,
            last_review_on=today,
            next_review_on=add_months(today, months) + timedelta(days=1),
            reason="Too far.",
        )
    assert refused.value.field == "next_review_on"
    assert RiskProfile.objects.get(customer=customer).next_review_on == add_months(today, months)


def test_administrators_set_the_interval_and_the_form_says_it(signed_in, compliance_officer):
    WorkTarget.objects.create(kind="risk_review", days_ahead=30, months_high=6)
    customer, today = make_person(), timezone.localdate()
    page = page_text(signed_in(compliance_officer).get(reverse("compliance-risk", args=[customer.pk])))
    assert "At the latest 6 months after the last review for a high risk, 24 for a medium one, 36" in page
    profile = set_risk(
        actor=compliance_officer,
        customer=customer,
        level="high",
        score=80,
        last_review_on=today,
        next_review_on="",
        reason="High.",
    )
    assert profile.next_review_on == add_months(today, 6)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 7), 36, date(2029, 12, 7)),
    ],
)
def test_months_are_calendar_months_ending_on_a_shorter_month_s_last_day(day, months, expected):
    assert add_months(day, months) == expected
