"""Outside review 18f (/work/briefs/review18f.md): what an attacker of the four-eyes rules found,
each a failing test first."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from backoffice import services
from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, CommandRule, StaffUser
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from backoffice.services import approvals
from customers.models import Customer, Note
from kyc.models import Document
from tests.conftest import PASSWORD, sign_in
from tests.customers.factories import make_person
from tests.helpers import page_text, reauthenticated
from tests.kyc.reviews import upload

pytestmark = pytest.mark.django_db


def approve_page(checker, approval) -> str:
    client = sign_in(Client(), checker)
    data = {"text": "Checked.", "password": PASSWORD}
    return page_text(client.post(reverse("approval-approve", args=[approval.pk]), data, follow=True))


def test_a_pending_role_grant_is_stale_once_the_accounts_email_changes(administrator, make_staff):
    """Finding 1: the maker moved a pending compliance officer's email to their own mailbox (at
    once: the account held no role yet), so the password link came to them, and a compliance
    officer approved the grant in good faith."""
    officer = make_staff("cora", COMPLIANCE_OFFICER)
    newhire, grant = services.create_staff_member(
        actor=administrator,
        username="newhire",
        email="newhire@example.test",
        first_name="Nadia",
        last_name="Newhire",
        roles=[COMPLIANCE_OFFICER],
        reason="New analyst.",
    )
    detail = page_text(sign_in(Client(), officer).get(reverse("approval-detail", args=[grant.pk])))
    assert "Signs in with the email" in detail and "newhire@example.test" in detail, "the checker sees whose it is"
    client = reauthenticated(sign_in(Client(), administrator))
    data = {"first_name": "Nadia", "last_name": "Newhire", "version": newhire.version, "reason": "Typo."}
    client.post(reverse("staff-edit", args=[newhire.pk]), {**data, "email": "mine@example.test"})
    assert StaffUser.objects.get(pk=newhire.pk).email == "mine@example.test", "no role: at once"
    page = approve_page(officer, grant)
    assert "changed since the request was made" in page and "mine@example.test" in page
    assert StaffUser.objects.get(pk=newhire.pk).role_names == [], "nothing granted"


def test_whoever_may_not_approve_for_segregation_may_not_reject_either(administrator, make_staff):
    """Finding 2: an administrator vetoed their own demotion by rejecting it."""
    admin2 = make_staff("admin2", [ADMINISTRATOR])
    make_staff("admin3", [ADMINISTRATOR])  # who could approve it
    demotion = approvals.request_approval(
        command=commands.get(services.ROLES_COMMAND),
        actor=admin2,
        target=administrator,
        parameters={"roles": [SUPPORT_AGENT], "reason": "Moves to support."},
    )
    client = sign_in(Client(), administrator)
    detail = page_text(client.get(reverse("approval-detail", args=[demotion.pk])))
    assert "These are your own roles" in detail and "Why it is rejected" not in detail, "no Reject form"
    with pytest.raises(DomainError, match="These are your own roles"):
        approvals.reject(approval=demotion, checker=administrator, reason="No thanks.")
    client.post(reverse("approval-reject", args=[demotion.pk]), {"text": "No thanks."})
    assert ApprovalRequest.objects.get(pk=demotion.pk).is_pending


def test_a_change_of_roles_nobody_could_approve_says_so_to_its_maker(administrator, make_staff):
    """Finding 3: adding the compliance officer role and removing another needs a holder of both;
    the maker was told "a holder of the Administrator role", although nobody held both."""
    agent = make_staff("sam", SUPPORT_AGENT)
    make_staff("cora", COMPLIANCE_OFFICER)
    make_staff("admin2", ADMINISTRATOR)
    client = reauthenticated(sign_in(Client(), administrator))
    data = {"roles": [COMPLIANCE_OFFICER], "reason": "Moves to compliance.", "version": agent.version}
    page = page_text(client.post(reverse("staff-roles", args=[agent.pk]), data, follow=True))
    assert "a holder of the Administrator and Compliance officer roles" in page
    assert "Nobody can approve it now" in page and "Withdraw it" in page
    ApprovalRequest.objects.get().delete()
    make_staff("both", [ADMINISTRATOR, COMPLIANCE_OFFICER])
    page = page_text(client.post(reverse("staff-roles", args=[agent.pk]), data, follow=True))
    assert "a holder of the Administrator and Compliance officer roles" in page
    assert "Nobody can approve it now" not in page


def test_the_pre_review_queue_follows_the_rule_of_the_document_page(administrator, make_staff, support_agent):
    """Finding 4: with pre-validation waiting for a second person, the queue's page pre-validated
    at once."""
    CommandRule.objects.create(command="kyc.document.prevalidate", four_eyes=True)
    document = upload(make_person(), actor=make_staff("uploader", SUPPORT_AGENT))
    client = sign_in(Client(), support_agent)
    response = client.post(
        reverse("kyc-prereview-document", args=[document.pk]),
        {"command": "prevalidate", "comment": "Readable and complete."},
        follow=True,
    )
    assert "waits for a second person" in page_text(response)
    assert Document.objects.get(pk=document.pk).status == document.status, "nothing changed yet"
    approval = ApprovalRequest.objects.get(command="kyc.document.prevalidate")
    approve_page(make_staff("sue", SUPPORT_AGENT), approval)
    assert Document.objects.get(pk=document.pk).status != document.status


def test_a_note_made_to_wait_is_asked_with_its_reason_and_added_when_approved(administrator, make_staff):
    """Finding 5: a 500 (the reason went to the service); the request's page needed the form's user."""
    CommandRule.objects.create(command="customers.note.add", four_eyes=True)
    customer = make_person()
    client = sign_in(Client(), administrator)
    url = reverse("customer-note-add", args=[customer.pk])
    note = {"body": "Called about the card.", "visibility": "everyone"}
    assert "Why (for the approver)" in page_text(client.get(url))
    assert "This field is required" in page_text(client.post(url, note)), "the reason, next to its field"
    client.post(url, {**note, "approval_reason": "Agreed on the phone."})
    approval = ApprovalRequest.objects.get(command="customers.note.add")
    assert approval.reason == "Agreed on the phone." and "approval_reason" not in approval.parameters
    checker = make_staff("admin2", ADMINISTRATOR)
    detail = page_text(sign_in(Client(), checker).get(reverse("approval-detail", args=[approval.pk])))
    assert "Called about the card." in detail
    approve_page(checker, approval)
    assert Note.objects.get(customer=customer).body == "Called about the card."


def test_an_identity_edit_made_to_wait_keeps_its_dates_through_the_request(administrator, make_staff):
    """Finding 5: a 500 (no version when the request was rehearsed); its date comes back as text."""
    CommandRule.objects.create(command="customers.identity.update", four_eyes=True)
    customer = make_person(birth_date=datetime.date(1990, 1, 2))
    client = sign_in(Client(), administrator)
    url = reverse("customer-edit-identity", args=[customer.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(birth_date="1991-03-04", nationality="ES", approval_reason="Passport renewed.")
    response = client.post(url, data, follow=True)
    assert "waits for a second person" in page_text(response)
    assert Customer.objects.get(pk=customer.pk).birth_date == datetime.date(1990, 1, 2)
    approval = ApprovalRequest.objects.get(command="customers.identity.update")
    checker = make_staff("admin2", ADMINISTRATOR)
    detail = page_text(sign_in(Client(), checker).get(reverse("approval-detail", args=[approval.pk])))
    assert "Spain" in detail and "Passport renewed." in detail, "labels, not codes (review 18g), and why"
    approve_page(checker, approval)
    assert Customer.objects.get(pk=customer.pk).birth_date == datetime.date(1991, 3, 4)


def test_what_reaches_the_provider_at_once_never_waits():
    """Finding 7: a rehearsal rolls the database back, not a call to the verification provider."""
    for name in ("kyc.liveness.start", "kyc.liveness.ask_again"):
        assert approvals.is_fixed(commands.get(name))
