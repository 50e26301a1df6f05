"""Four-eyes (issue 18): a sensitive command asked by one staff member runs only when another
approves it. Through the pages where a user would act, and at the service and database level."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
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
from tests.conftest import PASSWORD, sign_in
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
    refused = client.post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Me again.", "password": PASSWORD}, follow=True
    )
    assert "another person must approve" in page_text(refused) and is_frozen(person)

    checking = client_of(checker)
    assert f"#{approval.pk}" in page_text(checking.get(reverse("approval-list")))
    response = checking.post(
        reverse("approval-approve", args=[approval.pk]),
        {"text": "Checked the order.", "password": PASSWORD},
        follow=True,
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
    again = checking.post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Twice?", "password": PASSWORD}, follow=True
    )
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
    assert (
        client_of(admin)
        .post(reverse("approval-approve", args=[approval.pk]), {"text": "x", "password": PASSWORD})
        .status_code
        == 403
    )
    client_of(other).post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Seen the order.", "password": PASSWORD}
    )
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


def test_a_request_is_refused_when_what_it_was_asked_on_changed_since(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = make_person()
    approval = approvals.request_approval(
        command=commands.get("compliance.state.block"),
        actor=maker,
        target=person,
        parameters={"reason": "Account takeover."},
        customer_id=person.pk,
    )
    suspend(actor=ROBOT, customer=person, reason="Unusual activity.")  # an emergency stop: never waits
    detail = page_text(client_of(checker).get(reverse("approval-detail", args=[approval.pk])))
    assert "Changed since the request:</strong> State (was active, now suspended)." in detail
    with pytest.raises(DomainError, match=r"changed since the request was made: State \(was active, now suspended\)\."):
        approvals.approve(approval=approval, checker=checker, comment="")
    approval.refresh_from_db()
    assert approval.status == "pending" and Customer.objects.get(pk=person.pk).state == "suspended"


def test_one_pending_request_per_command_and_customer(make_staff):
    person = frozen_person()
    first = ask_to_lift(make_staff("first", COMPLIANCE_OFFICER), person)
    second = make_staff("second", COMPLIANCE_OFFICER)
    seconds = client_of(second)
    url = reverse("compliance-unfreeze", args=[person.pk])
    told = seconds.get(url, follow=True)  # before filling the form in
    assert f"already waits for approval (#{first.pk}, asked by" in page_text(told)
    response = seconds.post(url, {"comment": "Also lift.", "password": PASSWORD}, follow=True)
    assert f"already waits for approval (#{first.pk}, asked by" in page_text(response)
    with pytest.raises(DomainError, match="already waits"):  # the service, whatever the page
        ask_to_lift(second, person)
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
    response = client_of(checker).post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Checked.", "password": PASSWORD}, follow=True
    )
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


def test_the_registry_refuses_an_emergency_stop_declared_four_eyes():
    from backoffice.commands import Command, CommandRegistry

    stop = Command(
        name="test.stop",
        label="Stop",
        permission="backoffice.view_audit_log",
        service="x.y",
        form="x.Z",
        effect="Stops.",
        target_model="customers.customer",
        target_argument="customer",
        emergency=True,
        four_eyes=True,
    )
    with pytest.raises(ValueError, match="an emergency stop cannot wait for a second person"):
        CommandRegistry().register(stop)


def test_a_stored_rule_never_makes_an_emergency_stop_wait():
    declared = commands.get("compliance.freeze.set")
    assert declared.emergency and not approvals.needs_second_person(declared)
    CommandRule.objects.create(command=declared.name, four_eyes=True)
    assert not approvals.needs_second_person(declared), "an emergency stop never waits"


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
        checking.post(reverse("approval-approve", args=[approval.pk]), {"text": "Fine.", "password": PASSWORD})
    after = page_text(checking.get(reverse("customer-tab", args=[person.pk, "history"])))
    assert "Awaiting a second person:" not in after and 'id="awaiting-approvals"' not in after
    assert "approved by checker" in after
    compliance_tab = page_text(checking.get(reverse("customer-tab", args=[person.pk, "compliance"])))
    assert "approved by checker" in compliance_tab


def test_administrators_change_a_rule_with_a_second_administrator(
    make_staff, compliance_officer, django_capture_on_commit_callbacks
):
    asker, approver = make_staff("asker", ADMINISTRATOR), make_staff("approver", ADMINISTRATOR)
    client = client_of(asker)
    rules = page_text(client.get(reverse("command-rules")))
    assert "Lift the freeze" in rules and "Immediate: emergency stop" in rules
    assert reverse("command-rule-edit", args=["compliance.freeze.set"]) not in rules, "an emergency stop is fixed"
    assert client.get(reverse("command-rule-edit", args=["compliance.freeze.set"])).status_code == 404
    assert client.get(reverse("command-rule-edit", args=["backoffice.four_eyes.configure"])).status_code == 404
    url = reverse("command-rule-edit", args=[LIFT])
    empty = client.post(url, {"four_eyes": "", "approver_role": "", "password": PASSWORD})
    assert "This field is required." in page_text(empty)
    client.post(url, {"four_eyes": "", "approver_role": "", "reason": "Lifting is routine now.", "password": PASSWORD})
    declared = commands.get(LIFT)
    assert approvals.needs_second_person(declared), "not before another administrator approves"
    approval = ApprovalRequest.objects.get(command="backoffice.four_eyes.configure")
    assert client_of(compliance_officer).get(reverse("approval-approve", args=[approval.pk])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):  # the rules are read again after commit
        client_of(approver).post(
            reverse("approval-approve", args=[approval.pk]), {"text": "Agreed.", "password": PASSWORD}
        )
    assert not approvals.needs_second_person(declared)
    entry = AuditEntry.objects.get(action="backoffice.four_eyes.rule_changed")
    assert (entry.actor, entry.changes) == (
        asker,
        {"four_eyes": [True, False], "approval_request": [None, approval.pk]},
    )
    assert "One person" in page_text(client.get(reverse("command-rules")))


# Every four-eyes command of the Compliance tab: (URL slug, form field, how to make it possible,
# the checker's role, what the customer is after the approval).
FOUR_EYES = [
    ("block", "reason", lambda p: None, ADMINISTRATOR, lambda c: c.state == "blocked"),
    (
        "reactivate",
        "reason",
        lambda p: suspend(actor=ROBOT, customer=p, reason="x"),
        ADMINISTRATOR,
        lambda c: c.state == "active",
    ),
    (
        "unfreeze",
        "comment",
        lambda p: freeze_assets(actor=ROBOT, customer=p, comment="x"),
        ADMINISTRATOR,
        lambda c: not c.is_frozen,
    ),
    ("legal-freeze", "comment", lambda p: None, COMPLIANCE_OFFICER, lambda c: c.is_legal_frozen),
    (
        "lift-legal-freeze",
        "comment",
        lambda p: set_legal_freeze(actor=ROBOT, customer=p, comment="x"),
        COMPLIANCE_OFFICER,
        lambda c: not c.is_legal_frozen,
    ),
    ("deactivate", "reason", lambda p: None, ADMINISTRATOR, lambda c: c.status == "CANCELED"),
]


@pytest.mark.parametrize(("slug", "field", "prepare", "checker_role", "done"), FOUR_EYES)
def test_every_four_eyes_command_waits_refuses_its_maker_and_runs_once_approved(
    make_staff, support_agent, slug, field, prepare, checker_role, done
):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", checker_role)
    person = make_person()
    prepare(person)
    data = {field: f"Because {slug}.", "password": PASSWORD, "confirm": "on"}
    client_of(maker).post(reverse(f"compliance-{slug}", args=[person.pk]), data)
    approval = ApprovalRequest.objects.get()
    assert not done(Customer.objects.get(pk=person.pk)), "nothing changes before the approval"
    assert approval.confidential, "a pending restriction is not for support agents"
    assert client_of(support_agent).get(reverse("approval-detail", args=[approval.pk])).status_code == 404
    own = client_of(maker).post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Me.", "password": PASSWORD}, follow=True
    )
    assert "another person must approve" in page_text(own)
    ineligible = make_staff("ineligible", ADMINISTRATOR if checker_role == COMPLIANCE_OFFICER else "Support agent")
    assert client_of(ineligible).get(reverse("approval-approve", args=[approval.pk])).status_code in (403, 404)
    client_of(checker).post(reverse("approval-approve", args=[approval.pk]), {"text": "Checked.", "password": PASSWORD})
    assert done(Customer.objects.get(pk=person.pk))
    approval.refresh_from_db()
    assert (approval.status, approval.change_entry.actor, approval.checker) == ("approved", maker, checker)
    assert approval.change_entry.changes["approval_request"] == [None, approval.pk], "sealed in the chain"
    assert approval.decision_entry.changes["change_entry"] == [None, approval.change_entry_id]


def test_a_change_the_request_was_not_asked_on_leaves_it_valid(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    set_legal_freeze(actor=ROBOT, customer=person, comment="Order.")
    approval = ask_to_lift(maker, person)
    Customer.objects.filter(pk=person.pk).update(
        is_legal_frozen=False, search_document="other words", risk_level="high"
    )
    approvals.approve(approval=approval, checker=checker, comment="Fine.")
    assert not is_frozen(person)


def test_an_expired_request_frees_its_place(make_staff):
    maker = make_staff("maker", COMPLIANCE_OFFICER)
    person = frozen_person()
    first = ask_to_lift(maker, person)
    ApprovalRequest.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    second = ask_to_lift(maker, person)
    first.refresh_from_db()
    assert (first.status, second.status) == ("expired", "pending")
    listing = page_text(
        client_of(make_staff("reader", ADMINISTRATOR)).get(
            reverse("approval-list"), {"show": "all", "status": "expired"}
        )
    )
    assert f"#{first.pk}" in listing and f"#{second.pk}" not in listing


def test_a_maker_who_left_has_nothing_run(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    maker.is_active = False
    maker.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="may no longer make this change"):
        approvals.approve(approval=approval, checker=checker, comment="Fine.")
    assert is_frozen(person)


def test_the_checker_confirms_with_a_comment_and_their_password(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    checking = client_of(checker)
    url = reverse("approval-approve", args=[approval.pk])
    assert "This field is required." in page_text(checking.post(url, {"text": "", "password": PASSWORD}))
    assert "password" in page_text(checking.post(url, {"text": "Fine.", "password": "wrong"})).lower()
    assert is_frozen(person)
    checking.post(url, {"text": "Fine.", "password": PASSWORD})
    assert not is_frozen(person)


def test_a_stale_request_offers_only_its_rejection(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    person = frozen_person()
    approval = ask_to_lift(maker, person)
    Customer.objects.filter(pk=person.pk).update(is_frozen=False)
    page = page_text(client_of(checker).get(reverse("approval-detail", args=[approval.pk])))
    assert "Changed since the request:</strong> Is frozen" in page
    assert "Approve and apply" not in page and ">Reject</button>" in page


def test_a_request_whose_command_is_gone_can_be_rejected(make_staff):
    maker, checker = make_staff("maker", COMPLIANCE_OFFICER), make_staff("checker", ADMINISTRATOR)
    approval = ask_to_lift(maker, frozen_person())
    ApprovalRequest.objects.filter(pk=approval.pk).update(command="compliance.gone")
    checking = client_of(checker)
    page = page_text(checking.get(reverse("approval-detail", args=[approval.pk])))
    assert "no longer offered" in page and "Approve and apply" not in page
    assert checking.get(reverse("approval-approve", args=[approval.pk])).status_code == 403
    checking.post(reverse("approval-reject", args=[approval.pk]), {"text": "Obsolete."})
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "rejected"


def test_a_deactivation_something_blocks_is_refused_not_asked(make_staff):
    from tests.customers.holdings import make_account

    maker = make_staff("maker", COMPLIANCE_OFFICER)
    person = make_person()
    make_account(person, balance="12.50")
    client = client_of(maker)
    url = reverse("compliance-deactivate", args=[person.pk])
    assert "balance 12.50 EUR, not 0." in page_text(client.get(url))
    response = client.post(url, {"reason": "Close.", "password": PASSWORD, "confirm": "on"}, follow=True)
    assert "balance 12.50 EUR, not 0." in page_text(response) and not ApprovalRequest.objects.exists()


def test_the_sweep_expires_overdue_requests_through_its_task(make_staff):
    from backoffice.tasks import expire_approval_requests

    approval = ask_to_lift(make_staff("maker", COMPLIANCE_OFFICER), frozen_person())
    ApprovalRequest.objects.filter(pk=approval.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert expire_approval_requests() == 1
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "expired"


def test_the_staff_who_may_decide_get_one_email_per_batch(make_staff, support_agent, mailoutbox):
    maker = make_staff("maker", COMPLIANCE_OFFICER)
    other_officer, admin = make_staff("other", COMPLIANCE_OFFICER), make_staff("admin", ADMINISTRATOR)
    first, second = frozen_person(), frozen_person()
    ask_to_lift(maker, first)
    legal = make_person()
    approvals.request_approval(
        command=commands.get("compliance.legal_freeze.set"),
        actor=maker,
        target=legal,
        parameters={"comment": "Order."},
        customer_id=legal.pk,
    )
    ask_to_lift(maker, second)
    assert approvals.notify_checkers() == 2
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {other_officer.email, admin.email}, "not the maker, not support"
    assert by_recipient[other_officer.email].subject == "3 changes wait for your approval"
    assert by_recipient[admin.email].subject == "2 changes wait for your approval", "a legal freeze is not theirs"
    body = by_recipient[admin.email].body
    assert "/approvals/" in body and "A confidential change (what and whom: on its page)" in body
    assert first.last_name not in body and "freeze" not in body.lower(), "a mailbox is outside the panel"
    assert approvals.notify_checkers() == 0, "each batch once"
    ask_to_lift(maker, frozen_person())
    assert approvals.notify_checkers() == 2 and len(mailoutbox) == 4


def test_a_failed_email_is_sent_again_to_that_checker_only(make_staff, mailoutbox, monkeypatch):
    from backoffice import emails

    maker = make_staff("maker", COMPLIANCE_OFFICER)
    officer, admin = make_staff("other", COMPLIANCE_OFFICER), make_staff("admin", ADMINISTRATOR)
    ask_to_lift(maker, frozen_person())
    real = emails.send_approvals_waiting

    def flaky(staff, requests):
        if staff == admin:
            raise ConnectionError("SMTP down")
        real(staff, requests)

    monkeypatch.setattr(emails, "send_approvals_waiting", flaky)
    assert approvals.notify_checkers() == 1
    monkeypatch.setattr(emails, "send_approvals_waiting", real)
    assert approvals.notify_checkers() == 1
    assert sorted(message.to[0] for message in mailoutbox) == sorted([officer.email, admin.email])
    assert approvals.notify_checkers() == 0
