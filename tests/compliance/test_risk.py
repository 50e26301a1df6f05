"""The risk assessment: set by compliance officers with a reason, copied onto the customer for
the lists' filter, confidential in the audit log, shown on the Compliance tab."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from compliance.services.risk import set_risk
from customers.models import Customer
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def assess(person, **changes):
    values = {
        "level": "high",
        "score": 82,
        "last_review_on": TODAY,
        "next_review_on": TODAY + timedelta(days=90),
        "reason": "PEP match confirmed.",
    }
    return set_risk(actor=ROBOT, customer=person, **{**values, **changes})


def test_the_assessment_is_saved_copied_and_audited_confidentially():
    person = make_person()
    assess(person)
    assert Customer.objects.get(pk=person.pk).risk_level == "high"
    entry = AuditEntry.objects.get(action="compliance.risk.set")
    assert entry.confidential and entry.reason == "PEP match confirmed." and entry.changes["risk_score"] == [None, 82]
    assess(person, level="medium", score=40, reason="PEP role ended.")
    assert Customer.objects.get(pk=person.pk).risk_level == "medium"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": " "}, "reason is required"),
        ({"score": 101}, "between 0 and 100"),
        ({"next_review_on": TODAY - timedelta(days=1)}, "after the last one"),
        ({"last_review_on": TODAY + timedelta(days=1), "next_review_on": TODAY + timedelta(days=2)}, "future"),
    ],
)
def test_bad_input_saves_nothing(changes, message):
    person = make_person()
    with pytest.raises(DomainError, match=message):
        assess(person, **changes)
    assert not AuditEntry.objects.filter(action="compliance.risk.set").exists()


def test_the_tab_shows_it_and_an_overdue_review(signed_in, compliance_officer, administrator):
    person = make_person()
    assess(person, last_review_on=date(2025, 1, 1), next_review_on=date(2025, 6, 1))
    page = page_text(signed_in(compliance_officer).get(reverse("customer-tab", args=[person.pk, "compliance"])))
    assert "82 / 100" in page and "Overdue" in page and "Assess" in page
    admin_page = page_text(signed_in(administrator).get(reverse("customer-tab", args=[person.pk, "compliance"])))
    assert "82 / 100" in admin_page and reverse("compliance-risk", args=[person.pk]) not in admin_page


def test_the_form_shows_errors_next_to_the_fields(signed_in, compliance_officer):
    person = make_person()
    url = reverse("compliance-risk", args=[person.pk])
    response = signed_in(compliance_officer).post(
        url,
        {
            "level": "high",
            "score": "50",
            "last_review_on": TODAY,
            "next_review_on": TODAY - timedelta(days=3),
            "reason": "x",
        },
    )
    assert response.status_code == 200 and "The next review comes after the last one." in page_text(response)
