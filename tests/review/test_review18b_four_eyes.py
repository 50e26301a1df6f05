"""Second outside review of issue 18 (four-eyes): each test failed before its fix."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry, CommandRule
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from backoffice.services import approvals
from customers.models import Customer
from kyc.models import Review, ReviewDocument
from kyc.services.reviews import request_review
from tests.conftest import sign_in
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text
from tests.kyc.reviews import PASSPORT, decide_review, prevalidate, upload, upload_all

pytestmark = pytest.mark.django_db


def client_of(user):
    return sign_in(Client(), user)


def refused_for_good_request(maker, review):
    client_of(maker).post(
        reverse("kyc-review-decide", args=[review.pk]),
        {"decision": "refuse_permanently", "reason": "Forged passport.", "documents_seen": ""},
    )
    return ApprovalRequest.objects.get(command="kyc.review.refuse_permanently")


def test_n2_the_review_requester_does_not_approve_its_permanent_refusal(make_staff):
    requester, maker = make_staff("requester", COMPLIANCE_OFFICER), make_staff("maker", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=requester, customer=person)
    approval = refused_for_good_request(maker, review)
    with pytest.raises(DomainError, match="You asked for this review"):
        approvals.approve(approval=approval, checker=requester, comment="Agreed.")
    page = page_text(client_of(requester).get(reverse("approval-detail", args=[approval.pk])))
    assert "You asked for this review" in page and "Approve and apply" not in page
    assert Review.objects.get(pk=review.pk).is_pending


def test_n4_a_refused_approval_goes_back_to_the_request_page_which_offers_its_rejection(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    seen = ",".join(str(pk) for pk in review.submitted.values_list("document_id", flat=True))
    client_of(maker).post(
        reverse("kyc-review-decide", args=[review.pk]),
        {"decision": "refuse_permanently", "reason": "Forged.", "documents_seen": seen},
    )
    approval = ApprovalRequest.objects.get(command="kyc.review.refuse_permanently")
    late = prevalidate(upload(person, PASSPORT, "late.png"))  # a live verification's document joins
    ReviewDocument.objects.create(review=review, document=late)
    response = client_of(checker).post(reverse("approval-approve", args=[approval.pk]), {"text": "Agreed."})
    assert response.status_code == 302 and response.url == reverse("approval-detail", args=[approval.pk])
    page = page_text(client_of(checker).get(response.url))
    assert ">Reject</button>" in page


def test_n1_going_back_to_level_2_works_outside_a_test_transaction(committed_db, make_staff):
    from customers.services.verification import set_manual_verification_level

    officer = make_staff("officer", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    decide_review(actor=ROBOT, review=review, decision="validate", level=2)
    with transaction.atomic():
        set_manual_verification_level(actor=ROBOT, customer=person, level=4, reason="Funds.")
    response = client_of(officer).post(
        reverse("kyc-verification-level", args=[person.pk]), {"level": "2", "reason": "Back to derived."}
    )
    assert response.status_code == 302
    assert Customer.objects.get(pk=person.pk).verification_level == 2


def test_n3_whether_a_command_waits_is_never_read_from_a_stale_cache():
    verification = commands.get("kyc.verification_level.raise")
    cache.set(approvals.RULES_KEY, {verification.name: (False, "")}, None)  # a stale copy
    assert approvals.needs_second_person(verification)
    CommandRule.objects.create(command=verification.name, four_eyes=False)
    assert not approvals.needs_second_person(verification)


def test_n8_a_level_request_nobody_could_approve_is_not_stored(make_staff):
    officer = make_staff("officer", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    decide_review(actor=ROBOT, review=review, decision="validate", level=2)
    url = reverse("kyc-verification-level", args=[person.pk])
    response = client_of(officer).post(url, {"level": "2", "reason": "Again."})
    assert "The customer is at this level already." in page_text(response)
    client_of(officer).post(url, {"level": "4", "reason": "Funds."})
    told = client_of(make_staff("other", COMPLIANCE_OFFICER)).get(url, follow=True)
    assert "already waits for approval" in page_text(told), "before the form is filled in"
    assert ApprovalRequest.objects.count() == 1


def test_n5_the_review_page_says_a_permanent_refusal_waits(make_staff):
    maker, other = make_staff("maker", COMPLIANCE_OFFICER), make_staff("other", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    approval = refused_for_good_request(maker, review)
    page = page_text(client_of(other).get(reverse("kyc-review-decide", args=[review.pk])))
    assert f"request #{approval.pk}</a>" in page and 'id="decision-form"' not in page


def test_n7_a_rule_change_needs_a_checker_who_may_make_the_change(make_staff):
    admin, admin2 = make_staff("admin", ADMINISTRATOR), make_staff("admin2", ADMINISTRATOR)
    legal = commands.get("compliance.legal_freeze.lift")
    # Review 18d: no other administrator may lift a legal freeze, so nobody could approve: refused
    # when asked, rather than a request that can only expire.
    with pytest.raises(DomainError, match="No other active administrator may"):
        approvals.request_rule_change(
            actor=admin, command=legal, four_eyes=True, approver_role=ADMINISTRATOR, reason="Let us approve."
        )
    both = make_staff("both", [ADMINISTRATOR, COMPLIANCE_OFFICER])
    request = approvals.request_rule_change(
        actor=admin, command=legal, four_eyes=True, approver_role=ADMINISTRATOR, reason="Let us approve."
    )
    with pytest.raises(DomainError, match="Only someone who may"):
        approvals.approve(approval=request, checker=admin2, comment="ok")
    assert approvals.rule_of(legal) == (True, "")
    approvals.reject(approval=request, checker=both, reason="Not ours to widen.")
    lift = commands.get("compliance.freeze.lift")  # confidential: support agents never see its requests
    # Refused when asked (the service rehearses the change), not days later at the approval.
    with pytest.raises(DomainError, match="could never approve them"):
        approvals.request_rule_change(
            actor=admin, command=lift, four_eyes=True, approver_role=SUPPORT_AGENT, reason="Why not."
        )
    assert not ApprovalRequest.objects.filter(status="pending").exists()


def test_n9_the_history_names_the_change_asked_by_its_label(make_staff):
    from compliance.services.restrictions import freeze_assets

    maker = make_staff("maker", COMPLIANCE_OFFICER)
    person = make_person()
    freeze_assets(actor=ROBOT, customer=person, comment="Order.")
    approvals.request_approval(
        command=commands.get("compliance.freeze.lift"),
        actor=maker,
        target=person,
        parameters={"comment": "Lifted."},
        customer_id=person.pk,
    )
    entry = AuditEntry.objects.get(action="approvals.requested")
    assert entry.changes["command"] == [None, "Lift the freeze"] and "Lift the freeze" in entry.target_repr
    history = page_text(client_of(maker).get(reverse("customer-tab", args=[person.pk, "history"])))
    assert "compliance.freeze.lift" not in history


def test_n6_the_pre_review_queue_lists_only_what_one_may_pre_review(make_staff):
    uploader, other = make_staff("uploader", SUPPORT_AGENT), make_staff("other", SUPPORT_AGENT)
    document = upload(make_person(), PASSPORT, actor=uploader)
    mine = page_text(client_of(uploader).get(reverse("kyc-prereview-queue")))
    theirs = page_text(client_of(other).get(reverse("kyc-prereview-queue")))
    link = reverse("kyc-prereview-document", args=[document.pk])
    assert link not in mine and link in theirs


def test_a_request_links_to_where_its_target_is_seen(make_staff):
    from compliance.services.restrictions import freeze_assets

    maker, other = make_staff("maker", COMPLIANCE_OFFICER), make_staff("other", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    seen = sorted(review.submitted.values_list("document_id", flat=True))
    client_of(maker).post(
        reverse("kyc-review-decide", args=[review.pk]),
        {"decision": "refuse_permanently", "reason": "Forged.", "documents_seen": ",".join(map(str, seen))},
    )
    refusal = ApprovalRequest.objects.get(command="kyc.review.refuse_permanently")
    page = client_of(other).get(reverse("approval-detail", args=[refusal.pk])).content.decode()
    assert f'href="{reverse("kyc-review-decide", args=[review.pk])}"' in page
    assert ", ".join(f"#{pk}" for pk in seen) in page_text(
        client_of(other).get(reverse("approval-detail", args=[refusal.pk]))
    )
    frozen = make_person()
    freeze_assets(actor=ROBOT, customer=frozen, comment="Order.")
    lift = approvals.request_approval(
        command=commands.get("compliance.freeze.lift"),
        actor=maker,
        target=frozen,
        parameters={"comment": "Lifted."},
        customer_id=frozen.pk,
    )
    page = client_of(other).get(reverse("approval-detail", args=[lift.pk])).content.decode()
    assert f'href="{reverse("customer-tab", args=[frozen.pk, "compliance"])}"' in page


def test_the_review_requester_is_not_emailed_about_its_permanent_refusal(make_staff, mailoutbox):
    requester, maker = make_staff("requester", COMPLIANCE_OFFICER), make_staff("maker", COMPLIANCE_OFFICER)
    other = make_staff("other", COMPLIANCE_OFFICER)
    person = make_person()
    upload_all(person)
    review = request_review(actor=requester, customer=person)
    refused_for_good_request(maker, review)
    assert approvals.notify_checkers() == 1
    assert [message.to for message in mailoutbox] == [[other.email]]
