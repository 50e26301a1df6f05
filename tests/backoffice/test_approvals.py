"""Four-eyes (issue 18): a sensitive command asked by one staff member runs only when another
approves it. Through the pages where a user would act, and at the service and database level."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry, CommandRule
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER
from backoffice.services import approvals
from compliance.services.restrictions import freeze_assets, set_legal_freeze, suspend
from customers.models import Customer
from tests.conftest import PASSWORD, require_service, sign_in
from tests.customers.factories import ROBOT, make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
LIFT = "compliance.freeze.lift"


def client_of(user) -> Client:
    return sign_in(Client(), user)


def frozen_person():
    person = make_person()
    freeze_assets(actor=ROBOT, customer=person, comment="Court order 12.")
    return person


def ask_to_lift(maker, person) -> ApprovalRequest:
    return approvals.request_approval(
        command=commands.get(LIFT),
        actor=maker,
        target=person,
        parameters={"comment": "Order lifted."},
        customer_id=person.pk,
    )


def is_frozen(person) -> bool:
    return Customer.objects.get(pk=person.pk).is_frozen


def test_lifting_a_freeze_waits_for_a_second_person_then_runs_once_with_both_names(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    client = client_of(maker)
    url = reverse("compliance-unfreeze", args=[person.pk])
    page = page_text(client.get(url))
    assert "needs a second person" in page and "Ask for approval" in page
    response = client.post(url, {"comment": "Order lifted by the court.", "password": PASSWORD}, follow=True)
    assert "waits for a second person" in page_text(response)
    assert is_frozen(person), "nothing changes before the approval"
    approval = ApprovalRequest.objects.get()
    assert approval.parameters == {"comment": "Order lifted by the court."} and approval.status == "pending"

    # The maker sees it under "Asked by me", not under "Awaiting my decision", and cannot approve it.
    assert f"#{approval.pk}" not in page_text(client.get(reverse("approval-list")))
    assert f"#{approval.pk}" in page_text(client.get(reverse("approval-list"), {"show": "mine"}))
    detail = page_text(client.get(reverse("approval-detail", args=[approval.pk])))
    assert "Approve and apply" not in detail and "Withdraw my request" in detail
    refused = client.post(reverse("approval-approve", args=[approval.pk]), {"text": "Me again."})
    assert "another person must approve" in page_text(refused) and is_frozen(person)

    checking = client_of(checker)
    assert f"#{approval.pk}" in page_text(checking.get(reverse("approval-list")))
    response = checking.post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Checked the order."}, follow=True
    )
    assert "Approved: the change is made." in page_text(response)
    assert not is_frozen(person)
    approval.refresh_from_db()
    assert (approval.status, approval.checker, approval.decision_comment) == ("approved", checker, "Checked the order.")
    change = approval.change_entry
    assert (change.action, change.actor, change.reason) == (
        "compliance.freeze.lifted",
        maker,
        "Order lifted by the court.",
    )
    assert approval.request_entry.actor == maker and approval.decision_entry.actor == checker
    assert approval.decision_entry.action == "approvals.approved" and approval.request_entry.target_id == str(
        approval.pk
    )
    # Approving again does nothing more.
    again = checking.post(reverse("approval-approve", args=[approval.pk]), {"text": "Twice?"})
    assert "approved and done: nothing more" in page_text(again).lower()
    assert AuditEntry.objects.filter(action="compliance.freeze.lifted").count() == 1


def test_a_legal_freeze_is_approved_by_a_compliance_officer_only(make_staff):
    maker, other = make_staff("maker", COMPLIANCE_OFFICER), make_staff("other", COMPLIANCE_OFFICER)
    admin = make_staff("admin", ADMINISTRATOR)
    person = make_person()
    client_of(maker).post(
        reverse("compliance-legal-freeze", args=[person.pk]), {"comment": "Seizure order.", "password": PASSWORD}
    )
    approval = ApprovalRequest.objects.get(command="compliance.legal_freeze.set")
    assert client_of(admin).get(reverse("approval-approve", args=[approval.pk])).status_code == 403
    assert client_of(admin).post(reverse("approval-approve", args=[approval.pk]), {"text": "x"}).status_code == 403
    client_of(other).post(reverse("approval-approve", args=[approval.pk]), {"text": "Seen the order."})
    assert Customer.objects.get(pk=person.pk).is_legal_frozen


def test_support_agents_see_nothing_of_a_pending_freeze_request(make_staff, support_agent):
    person = frozen_person()
    approval = ask_to_lift(make_staff("maker", COMPLIANCE_OFFICER), person)
    agent = client_of(support_agent)
    listing = page_text(agent.get(reverse("approval-list")))
    assert "Nothing awaits your decision." in listing and person.last_name not in listing
    for name in ("approval-detail", "approval-approve", "approval-reject", "approval-withdraw"):
        assert agent.get(reverse(name, args=[approval.pk])).status_code == 404, name
    profile = page_text(agent.get(reverse("customer-profile", args=[person.pk])))
    assert "freeze" not in profile.lower() and "/approvals/" not in profile and "second person" not in profile


def test_a_request_is_refused_when_the_customer_changed_since(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    suspend(actor=ROBOT, customer=person, reason="Unusual activity.")  # an emergency stop: never waits
    detail = page_text(client_of(checker).get(reverse("approval-detail", args=[approval.pk])))
    assert "Changed since the request:" in detail and "state" in detail
    with pytest.raises(DomainError, match=r"changed since the request was made \(.*state"):
        approvals.approve(approval=approval, checker=checker, comment="")
    approval.refresh_from_db()
    assert approval.status == "pending" and is_frozen(person)


def test_one_pending_request_per_command_and_customer(make_staff):
    person = frozen_person()
    first = ask_to_lift(make_staff("first", COMPLIANCE_OFFICER), person)
    second = make_staff("second", COMPLIANCE_OFFICER)
    response = client_of(second).post(
        reverse("compliance-unfreeze", args=[person.pk]), {"comment": "Also lift.", "password": PASSWORD}
    )
    assert f"already waits for approval (#{first.pk}, asked by" in page_text(response)
    assert ApprovalRequest.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalRequest.objects.create(
            command=LIFT,
            target_model="customers.customer",
            target_id=str(person.pk),
            target_repr="x",
            reason="x",
            maker=second,
            expires_at=timezone.now() + timedelta(hours=1),
        )


def test_the_database_refuses_a_checker_who_is_the_maker(make_staff):
    maker = make_staff("maker", COMPLIANCE_OFFICER)
    approval = ask_to_lift(maker, frozen_person())
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalRequest.objects.filter(pk=approval.pk).update(
            status="approved", checker=maker, decided_at=timezone.now()
        )


def test_reject_and_withdraw_change_nothing(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    checking = client_of(checker)
    empty = checking.post(reverse("approval-reject", args=[approval.pk]), {"text": ""})
    assert "This field is required." in page_text(empty)
    assert checking.post(reverse("approval-withdraw", args=[approval.pk])).status_code == 403, "not theirs"
    checking.post(reverse("approval-reject", args=[approval.pk]), {"text": "The order is not final yet."})
    approval.refresh_from_db()
    assert (approval.status, approval.decision_comment) == ("rejected", "The order is not final yet.")
    assert is_frozen(person)

    again = ask_to_lift(maker, person)  # a rejected request no longer blocks a new one
    client_of(maker).post(reverse("approval-withdraw", args=[again.pk]), {"text": ""})
    again.refresh_from_db()
    assert again.status == "withdrawn" and is_frozen(person)
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="approvals.").order_by("id")] == [
        "approvals.requested",
        "approvals.rejected",
        "approvals.requested",
        "approvals.withdrawn",
    ]


def test_an_expired_request_is_not_run(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    ApprovalRequest.objects.filter(pk=approval.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client_of(checker).post(reverse("approval-approve", args=[approval.pk]), {"text": ""}, follow=True)
    assert "This request had expired: nothing changed." in page_text(response)
    approval.refresh_from_db()
    assert approval.status == "expired" and is_frozen(person)
    other = ask_to_lift(maker, person)
    ApprovalRequest.objects.filter(pk=other.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert approvals.expire_overdue() == 1
    assert AuditEntry.objects.filter(action="approvals.expired").count() == 2


def test_emergency_stops_and_unconfigured_commands_stay_immediate(make_staff, compliance_officer):
    person = make_person()
    client = client_of(compliance_officer)
    client.post(reverse("compliance-freeze", args=[person.pk]), {"comment": "Suspicious.", "password": PASSWORD})
    assert is_frozen(person) and not ApprovalRequest.objects.exists()
    CommandRule.objects.create(command=LIFT, four_eyes=False)  # administrators turned it off
    client.post(reverse("compliance-unfreeze", args=[person.pk]), {"comment": "Cleared.", "password": PASSWORD})
    assert not is_frozen(person) and not ApprovalRequest.objects.exists()


def test_no_emergency_stop_can_be_declared_four_eyes():
    declared = commands.get("compliance.freeze.set")
    assert declared.emergency and not approvals.needs_second_person(declared)
    CommandRule.objects.create(command=declared.name, four_eyes=True)
    assert not approvals.needs_second_person(declared), "an emergency stop never waits"


def test_two_checkers_approving_at_once_run_the_command_once(committed_db, make_staff):
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    maker = make_staff("maker", COMPLIANCE_OFFICER)
    checkers = [make_staff(f"checker{n}", ADMINISTRATOR) for n in range(2)]
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    barrier, outcomes = threading.Barrier(2), []

    def approve(checker):
        barrier.wait()
        try:
            approvals.approve(approval=approval, checker=checker, comment=f"By {checker.username}.")
            outcomes.append("approved")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(checker,)) for checker in checkers]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    assert sorted(outcomes)[0] == "approved" and outcomes.count("approved") == 1, outcomes
    assert AuditEntry.objects.filter(action="compliance.freeze.lifted").count() == 1
    assert not is_frozen(person)


def test_the_approvals_list_filters_by_status_and_change(make_staff, administrator):
    maker = make_staff("maker", COMPLIANCE_OFFICER)
    lift = ask_to_lift(maker, frozen_person())
    other = make_person()
    set_legal_freeze(actor=ROBOT, customer=other, comment="Order.")
    lift_legal = approvals.request_approval(
        command=commands.get("compliance.legal_freeze.lift"),
        actor=maker,
        target=other,
        parameters={"comment": "Lifted."},
        customer_id=other.pk,
    )
    client = client_of(administrator)
    everything = page_text(client.get(reverse("approval-list"), {"show": "all"}))
    assert f"#{lift.pk}" in everything and f"#{lift_legal.pk}" in everything
    only = page_text(client.get(reverse("approval-list"), {"show": "all", "command": LIFT}))
    assert f"#{lift.pk}" in only and f"#{lift_legal.pk}" not in only
    assert "No request." in page_text(client.get(reverse("approval-list"), {"show": "all", "status": "approved"}))


def test_the_tab_the_change_belongs_to_the_top_bar_and_the_history_say_so(
    make_staff, django_capture_on_commit_callbacks
):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    checking = client_of(checker)
    tab = page_text(checking.get(reverse("customer-tab", args=[person.pk, "compliance"])))
    assert "Awaiting a second person:" in tab and "Lift the freeze" in tab and f"/approvals/{approval.pk}/" in tab
    assert 'id="awaiting-approvals"' in tab and '1</span><span class="visually-hidden"> changes awaiting' in tab
    mine = page_text(client_of(maker).get(reverse("customer-tab", args=[person.pk, "compliance"])))
    assert 'id="awaiting-approvals"' not in mine, "their own request awaits someone else"
    with django_capture_on_commit_callbacks(execute=True):  # the top bar's count moves after commit
        checking.post(reverse("approval-approve", args=[approval.pk]), {"text": "Fine."})
    after = page_text(checking.get(reverse("customer-tab", args=[person.pk, "history"])))
    assert "Awaiting a second person:" not in after and 'id="awaiting-approvals"' not in after
    assert "approved by checker" in after
    compliance_tab = page_text(checking.get(reverse("customer-tab", args=[person.pk, "compliance"])))
    assert "approved by checker" in compliance_tab
