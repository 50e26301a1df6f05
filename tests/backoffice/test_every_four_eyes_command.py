"""Every command that waits for a second person by default, one scenario each (issue 18's list):
the maker approving their own request is refused; an ineligible role gets 403 (or, for a request
it may not see, 404); an eligible checker's approval runs it once, with the maker as the change's
actor and the request in its entry; a request whose target changed since is refused and stays
pending; withdrawal and expiry change nothing; and, on PostgreSQL, two checkers approving at once
run it once. A command added to the registry without a scenario here fails the first test."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, CommandRule, StaffUser
from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT
from backoffice.services import approvals
from compliance.models import ChosenLimitPack, Fee, LimitPack, Threshold
from compliance.services.limits import (
    FeeLine,
    ThresholdLine,
    as_parameters,
    save_custom_thresholds,
    save_fees,
    save_pack,
)
from compliance.services.restrictions import (
    block,
    freeze_assets,
    lift_asset_freeze,
    lift_legal_freeze,
    set_legal_freeze,
    suspend,
)
from customers.models import Customer, CustomerType, PriceList
from customers.services.pre_approval import skip_transfer_pre_approval
from customers.services.verification import set_manual_verification_level
from kyc.models import Review, VigilanceRefund
from kyc.services.reviews import request_review
from kyc.services.vigilance import mark_refunded
from tests.conftest import PASSWORD, require_service, sign_in
from tests.customers.factories import ROBOT, make_person
from tests.kyc.reviews import decide_review, upload_all

pytestmark = pytest.mark.django_db
SCT = "sct_emitted"


@dataclass(frozen=True)
class Scenario:
    """``setup()`` → (target or None, parameters); ``done(target)`` reads the change back;
    ``stale(target)`` changes what the request was asked on, as a colleague would meanwhile."""

    setup: Callable[[], tuple[Any, dict[str, Any]]]
    done: Callable[[Any], bool]
    stale: Callable[[Any], None]
    maker: str
    checker: str | tuple[str, ...]
    ineligible: str
    stale_refusal: str = "changed since the request was made"


def fresh(customer: Customer) -> Customer:
    return Customer.objects.get(pk=customer.pk)


def person_with(*steps: Callable[[Customer], Any]) -> Callable[[], Customer]:
    def make() -> Customer:
        person = make_person()
        for step in steps:
            step(person)
        return fresh(person)

    return make


def on_customer(make: Callable[[], Customer], **parameters) -> Callable[[], tuple[Any, dict]]:
    return lambda: (make(), parameters)


def frozen(person):
    freeze_assets(actor=ROBOT, customer=person, comment="Order.")


def legally_frozen(person):
    set_legal_freeze(actor=ROBOT, customer=person, comment="Court.")


def identified_at_2(person):
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    decide_review(actor=ROBOT, review=review, decision="validate", level=2)


def a_pending_review() -> tuple[Review, dict]:
    person = make_person()
    upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    return review, {"reason": "Forged passport.", "documents_seen": None}


def a_requested_refund() -> tuple[VigilanceRefund, dict]:
    from kyc.models import KycForm
    from tests.customers.holdings import make_account
    from tests.kyc.test_vigilance_refund import received

    KycForm.objects.filter(kind=1, country="").update(vigilance_payin_required=True)
    person = make_person()
    received(make_account(person), amount="20.00", name="Zoë Dupont", iban="DE89370400440532013000", label="Vigilance")
    passport, _ = upload_all(person)
    review = request_review(actor=ROBOT, customer=person)
    decide_review(
        actor=ROBOT,
        review=review,
        decision="refuse",
        level=1,
        reason="Forged passport.",
        document_reasons={passport.pk: "Forged."},
    )
    return VigilanceRefund.objects.get(customer=person), {"reference": "PAYINREFUND-8812"}


def pack_at(level: int) -> LimitPack:
    return save_pack(
        actor=ROBOT,
        pack=None,
        name=f"Level {level}",
        verification_level=level,
        currency="EUR",
        lines=[ThresholdLine(SCT, "day", Decimal("100"))],
    )


PACK_LINES = as_parameters([ThresholdLine(SCT, "day", Decimal("250"), 5)])
FEE_LINES = as_parameters([FeeLine("card_transaction", Decimal("0.25"), Decimal("1.5"))])


def a_price_list() -> tuple[PriceList, dict]:
    price_list = PriceList.objects.create(name="Basic", currency="EUR")
    return price_list, {"lines": FEE_LINES, "reason": "2027 tariff."}


def a_staff_member() -> tuple[StaffUser, dict]:
    staff = StaffUser.objects.create_user(username="joiner", email="joiner@example.test", password=PASSWORD)
    return staff, {"roles": [SUPPORT_AGENT], "reason": "Joins support."}


def an_administrator() -> StaffUser:
    staff = StaffUser.objects.create_user(username="other-admin", email="other@example.test", password=PASSWORD)
    staff.groups.set(Group.objects.filter(name=ADMINISTRATOR))
    TOTPDevice.objects.create(user=staff, confirmed=True)
    return staff


def an_administrator_s_new_email() -> tuple[StaffUser, dict]:
    staff = an_administrator()
    return staff, {"first_name": "Other", "last_name": "Admin", "email": "new@example.test", "reason": "New box."}


def a_rule() -> tuple[CommandRule, dict]:
    rule = CommandRule.objects.create(command="compliance.fees.set", four_eyes=True)
    return rule, {"four_eyes": False, "approver_role": "", "reason": "Fees are low risk."}


SCENARIOS: dict[str, Scenario] = {
    "compliance.state.block": Scenario(
        on_customer(person_with(), reason="Account takeover."),
        lambda c: fresh(c).state == "blocked",
        lambda c: suspend(actor=ROBOT, customer=c, reason="Meanwhile."),
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
        SUPPORT_AGENT,
    ),
    "compliance.state.reactivate": Scenario(
        on_customer(person_with(lambda p: suspend(actor=ROBOT, customer=p, reason="x")), reason="Cleared."),
        lambda c: fresh(c).state == "active",
        lambda c: block(actor=ROBOT, customer=c, reason="Meanwhile."),
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
        SUPPORT_AGENT,
    ),
    "compliance.freeze.lift": Scenario(
        on_customer(person_with(frozen), comment="Explained."),
        lambda c: not fresh(c).is_frozen,
        lambda c: lift_asset_freeze(actor=ROBOT, customer=c, comment="Meanwhile."),
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
        SUPPORT_AGENT,
    ),
    "compliance.legal_freeze.set": Scenario(
        on_customer(person_with(), comment="Seizure order."),
        lambda c: fresh(c).is_legal_frozen,
        legally_frozen,
        COMPLIANCE_OFFICER,
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
    ),
    "compliance.legal_freeze.lift": Scenario(
        on_customer(person_with(legally_frozen), comment="Order lifted."),
        lambda c: not fresh(c).is_legal_frozen,
        lambda c: lift_legal_freeze(actor=ROBOT, customer=c, comment="Meanwhile."),
        COMPLIANCE_OFFICER,
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
    ),
    "compliance.customer.deactivate": Scenario(
        on_customer(person_with(), reason="Closed on request."),
        lambda c: fresh(c).status == "CANCELED",
        lambda c: Customer.objects.filter(pk=c.pk).update(status="VALIDATED" if c.status != "VALIDATED" else "PENDING"),
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
        SUPPORT_AGENT,
    ),
    "compliance.limit_pack.create": Scenario(
        lambda: (
            None,
            {"name": "Level 4", "verification_level": 4, "currency": "EUR", "lines": PACK_LINES, "reason": "New."},
        ),
        lambda _: LimitPack.objects.filter(verification_level=4, name="Level 4").exists(),
        lambda _: pack_at(4),  # a colleague's pack took the level meanwhile
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
        stale_refusal="Another pack without a type has this verification level",
    ),
    "compliance.limit_pack.update": Scenario(
        lambda: (
            pack_at(3),
            {"name": "Level 3", "verification_level": 3, "currency": "EUR", "lines": PACK_LINES, "reason": "Raise."},
        ),
        lambda pack: Threshold.objects.get(pack=pack).max_count == 5,
        lambda pack: save_pack(actor=ROBOT, pack=pack, name="Level 3", verification_level=3, currency="EUR", lines=[]),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "compliance.limit_pack.choose": Scenario(
        lambda: (fresh(make_person()), {"pack": pack_at(4).pk, "reason": "Agreed with the client's bank."}),
        lambda c: ChosenLimitPack.objects.filter(customer=c).exists(),
        lambda c: Customer.objects.filter(pk=c.pk).update(verification_level=3),  # their pack moved meanwhile
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "compliance.custom_thresholds.set": Scenario(
        on_customer(person_with(), lines=PACK_LINES, reason="Salary verified."),
        lambda c: Threshold.objects.filter(customer=c, max_count=5).exists(),
        lambda c: save_custom_thresholds(
            actor=ROBOT, customer=c, lines=[ThresholdLine(SCT, "month", Decimal("9"))], reason="Meanwhile."
        ),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "compliance.fees.set": Scenario(
        a_price_list,
        lambda price_list: Fee.objects.filter(price_list=price_list, percent=Decimal("1.5")).exists(),
        lambda price_list: save_fees(actor=ROBOT, price_list=price_list, lines=[FeeLine("check_cashing", Decimal(1))]),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    # A new type changes the customer's limits: a second administrator approves (outside attack 21c).
    "customers.settings.update": Scenario(
        lambda: (
            fresh(make_person()),
            {"customer_type": CustomerType.objects.get_or_create(name="Premium", applies_to="person")[0].pk},
        ),
        lambda c: fresh(c).person_type is not None and fresh(c).person_type.name == "Premium",
        lambda c: Customer.objects.filter(pk=c.pk).update(referral_code="MEANWHILE"),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "customers.transfer_pre_approval.skip": Scenario(
        on_customer(person_with(), reason="Corporate treasury."),
        lambda c: fresh(c).skip_transfer_pre_approval,
        lambda c: skip_transfer_pre_approval(actor=ROBOT, customer=c, reason="Meanwhile."),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "kyc.review.refuse_permanently": Scenario(
        a_pending_review,
        lambda review: Review.objects.get(pk=review.pk).status == "refused_permanently",
        lambda review: decide_review(actor=ROBOT, review=review, decision="validate", level=2),
        COMPLIANCE_OFFICER,
        COMPLIANCE_OFFICER,
        SUPPORT_AGENT,
    ),
    "kyc.verification_level.raise": Scenario(
        on_customer(person_with(identified_at_2), level=4, reason="Proof of funds."),
        lambda c: fresh(c).verification_level == 4,
        lambda c: set_manual_verification_level(actor=ROBOT, customer=c, level=3, reason="Meanwhile."),
        COMPLIANCE_OFFICER,
        (COMPLIANCE_OFFICER, ADMINISTRATOR),
        SUPPORT_AGENT,
    ),
    "kyc.vigilance_refund.mark_refunded": Scenario(
        a_requested_refund,
        lambda refund: VigilanceRefund.objects.get(pk=refund.pk).status == "refunded",
        lambda refund: mark_refunded(actor=ROBOT, refund=refund, reference="OTHER-1"),
        COMPLIANCE_OFFICER,
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
    ),
    "backoffice.four_eyes.configure": Scenario(
        a_rule,
        lambda rule: not CommandRule.objects.get(pk=rule.pk).four_eyes,
        lambda rule: CommandRule.objects.filter(pk=rule.pk).update(approver_role=ADMINISTRATOR),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "backoffice.staff.update": Scenario(
        an_administrator_s_new_email,
        lambda staff: StaffUser.objects.get(pk=staff.pk).email == "new@example.test",
        lambda staff: StaffUser.objects.filter(pk=staff.pk).update(last_name="Renamed"),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "backoffice.staff.second_factor.reset": Scenario(
        lambda: (an_administrator(), {"reason": "Lost phone."}),
        lambda staff: not TOTPDevice.objects.filter(user=staff).exists(),
        lambda staff: StaffUser.objects.filter(pk=staff.pk).update(email="moved@example.test"),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    "backoffice.staff.roles.set": Scenario(
        a_staff_member,
        lambda staff: StaffUser.objects.get(pk=staff.pk).role_names == [SUPPORT_AGENT],
        lambda staff: staff.groups.set(Group.objects.filter(name=COMPLIANCE_OFFICER)),
        ADMINISTRATOR,
        ADMINISTRATOR,
        COMPLIANCE_OFFICER,
    ),
    # A true match (issue 20): always a second compliance officer; an administrator never decides.
    "screening.hit.confirm": Scenario(
        lambda: (a_watchlist_hit(), {"reason": "The same passport number as the listing."}),
        lambda hit: type(hit).objects.get(pk=hit.pk).status == "confirmed",
        lambda hit: type(hit).objects.filter(pk=hit.pk).update(status="cleared"),
        COMPLIANCE_OFFICER,
        COMPLIANCE_OFFICER,
        ADMINISTRATOR,
    ),
}


def a_watchlist_hit():
    """A person's hit on a one-subject list."""
    from screening.models import ListedEntity, ListVersion, ScreeningHit

    version = ListVersion.objects.create(source="eu-fsf", file_name="list.xml", checksum="x", status="loaded")
    entity = ListedEntity.objects.create(
        source="eu-fsf",
        source_id="EU.1",
        kind="person",
        caption="Zoe DUPONT",
        names=[["Zoe DUPONT", False]],
        fingerprint="0" * 64,
        first_version=version,
        last_version=version,
        changed_in=version,
    )
    return ScreeningHit.objects.create(
        customer=make_person(),
        entity=entity,
        version=version,
        score=0.95,
        explanation={"customer_name": "Zoë Dupont", "listed_name": "Zoe DUPONT", "tokens": []},
        customer_fingerprint="1" * 64,
        entity_fingerprint="0" * 64,
    )


def waits_by_default(command) -> bool:
    return command.four_eyes or bool(command.approver_role_of)


def test_every_command_that_waits_by_default_has_a_scenario():
    assert set(SCENARIOS) == {command.name for command in commands.all() if waits_by_default(command)}


def ask(name: str, make_staff) -> tuple[ApprovalRequest, Any, StaffUser, Scenario]:
    scenario = SCENARIOS[name]
    target, parameters = scenario.setup()
    maker = make_staff(f"maker-{name}", scenario.maker)
    command = commands.get(name)
    approval = approvals.request_approval(
        command=command,
        actor=maker,
        target=target,
        parameters=parameters,
        customer_id=target.pk if isinstance(target, Customer) else None,
        target_repr="A new one" if target is None else "",
        # A command whose service is given no reason: the page asks one when it waits.
        reason="" if command.reason_field else "Agreed with the customer.",
    )
    return approval, target, maker, scenario


def checker_for(scenario: Scenario, make_staff, name: str = "checker") -> StaffUser:
    roles = scenario.checker if isinstance(scenario.checker, tuple) else (scenario.checker,)
    return make_staff(name, roles[:1])


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_it_waits_refuses_its_maker_and_the_ineligible_and_runs_once_approved(name, make_staff):
    approval, target, maker, scenario = ask(name, make_staff)
    assert not scenario.done(target), "nothing changes before the approval"
    with pytest.raises(DomainError, match="another person must approve"):
        approvals.approve(approval=approval, checker=maker, comment="Me.")
    ineligible = sign_in(Client(), make_staff("ineligible", scenario.ineligible))
    url = reverse("approval-approve", args=[approval.pk])
    assert ineligible.post(url, {"text": "Ok.", "password": PASSWORD}).status_code in (403, 404)
    checker = checker_for(scenario, make_staff)
    response = sign_in(Client(), checker).post(url, {"text": "Checked.", "password": PASSWORD})
    assert response.status_code == 302
    assert scenario.done(target)
    approval.refresh_from_db()
    assert (approval.status, approval.checker, approval.change_entry.actor) == ("approved", checker, maker)
    assert approval.change_entry.changes["approval_request"] == [None, approval.pk], "sealed in the chain"
    assert approval.decision_entry.changes["change_entry"] == [None, approval.change_entry_id]
    with pytest.raises(DomainError, match="approved"):
        approvals.approve(approval=approval, checker=make_staff("late", scenario.maker), comment="Again.")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_stale_request_is_refused_and_stays_pending(name, make_staff):
    approval, target, _, scenario = ask(name, make_staff)
    with transaction.atomic():
        scenario.stale(target)
    with pytest.raises(DomainError, match=scenario.stale_refusal):
        approvals.approve(approval=approval, checker=checker_for(scenario, make_staff), comment="Late.")
    approval.refresh_from_db()
    assert (approval.status, approval.checker, approval.change_entry) == ("pending", None, None)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_withdrawal_and_expiry_change_nothing(name, make_staff):
    approval, target, maker, scenario = ask(name, make_staff)
    approvals.withdraw(approval=approval, actor=maker, reason="Not needed.")
    approval.refresh_from_db()
    assert approval.status == "withdrawn" and not scenario.done(target)
    approval = approvals.request_approval(  # its place is free again
        command=commands.get(name),
        actor=maker,
        target=target,
        parameters=approval.parameters,
        customer_id=approval.customer_id,
        target_repr=approval.target_repr,
        reason=approval.reason,
    )
    ApprovalRequest.objects.filter(pk=approval.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert approvals.expire_overdue() == 1
    with pytest.raises(DomainError, match="This request is expired"):
        approvals.approve(approval=approval, checker=checker_for(scenario, make_staff), comment="Too late.")
    assert not scenario.done(target)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_two_checkers_at_once_run_it_once(name, committed_db, make_staff):
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    approval, target, _, scenario = ask(name, make_staff)
    checkers = [checker_for(scenario, make_staff, f"checker{n}") for n in range(2)]
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
    assert sorted(outcomes) == ["This request is approved and done: nothing more can be done with it.", "approved"]
    approval.refresh_from_db()
    assert approval.status == "approved" and scenario.done(target)
    assert approval.change_entry is not None
