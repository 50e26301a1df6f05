"""Limits and fees: a pack per verification level, custom thresholds that win over it (with a
reason), the price lists' fees; the "Limits & fees" tab shows the effective limits and where each
comes from; administrators edit, the others read."""

import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from backoffice.commands import commands
from backoffice.errors import DomainError
from backoffice.models import ApprovalRequest, AuditEntry, CommandRule
from backoffice.roles import ADMINISTRATOR
from backoffice.services import approvals
from compliance.models import Fee, LimitPack, Threshold
from compliance.selectors import effective_limits
from compliance.services.limits import (
    FeeLine,
    ThresholdLine,
    as_parameters,
    save_custom_thresholds,
    save_fees,
    save_pack,
)
from customers.choices import OperationType
from customers.models import Customer, PriceList
from tests.conftest import sign_in
from tests.customers.factories import ROBOT, make_person
from tests.helpers import count_queries, page_text

pytestmark = pytest.mark.django_db
SCT = "sct_emitted"


def level_2_pack():
    return save_pack(
        actor=ROBOT,
        pack=None,
        name="Level 2 standard",
        verification_level=2,
        currency="EUR",
        lines=[
            ThresholdLine(SCT, "transaction", Decimal("5000"), None),
            ThresholdLine(SCT, "month", Decimal("20000"), 50),
            ThresholdLine("card_transaction", "day", Decimal("1500"), None),
        ],
    )


def identified(person):
    Customer.objects.filter(pk=person.pk).update(verification_level=2)
    person.refresh_from_db()
    return person


def test_custom_thresholds_win_over_the_pack():
    level_2_pack()
    person = identified(make_person())
    save_custom_thresholds(
        actor=ROBOT,
        customer=person,
        lines=[ThresholdLine(SCT, "month", Decimal("100000"), None)],
        reason="Business owner, annual review 2026.",
    )
    pack, rows = effective_limits(person)
    assert pack.name == "Level 2 standard"
    # The custom line sets the amount only: the pack's count (50 a month) still holds.
    assert [(r.operation, r.period, r.max_amount, r.amount_source, r.max_count, r.count_source) for r in rows] == [
        ("card_transaction", "day", Decimal("1500.00"), "Level 2 standard", None, ""),
        (SCT, "month", Decimal("100000.00"), "Custom", 50, "Level 2 standard"),
        (SCT, "transaction", Decimal("5000.00"), "Level 2 standard", None, ""),
    ]
    entry = AuditEntry.objects.get(action="compliance.custom_thresholds.updated")
    assert entry.reason == "Business owner, annual review 2026."


@pytest.mark.parametrize(
    ("custom", "amount", "count"),
    [
        # A custom amount keeps the pack's count (10 a day did become unlimited), and vice versa.
        (ThresholdLine(SCT, "day", Decimal("9000"), None), ("9000.00", "Custom"), ("10", "Level 2 daily")),
        (ThresholdLine(SCT, "day", None, 3), ("2000.00", "Level 2 daily"), ("3", "Custom")),
        (ThresholdLine(SCT, "day", Decimal("9000"), 30), ("9000.00", "Custom"), ("30", "Custom")),
    ],
)
def test_a_custom_threshold_overrides_only_the_dimension_it_sets(signed_in, support_agent, custom, amount, count):
    save_pack(
        actor=ROBOT,
        pack=None,
        name="Level 2 daily",
        verification_level=2,
        currency="EUR",
        lines=[ThresholdLine(SCT, "day", Decimal("2000"), 10)],
    )
    person = identified(make_person())
    save_custom_thresholds(actor=ROBOT, customer=person, lines=[custom], reason="Annual review.")
    (row,) = effective_limits(person)[1]
    assert (str(row.max_amount), row.amount_source) == amount
    assert (str(row.max_count), row.count_source) == count
    page = page_text(signed_in(support_agent).get(reverse("customer-tab", args=[person.pk, "limits"])))
    table = page.split('class="table table-sm align-middle mb-0 thresholds"')[1].split("</table>")[0]
    row_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.split("<tbody>")[1])).strip()
    shown = f"{Decimal(amount[0]):,.2f} EUR"  # the panel's money format: 9,000.00 EUR
    assert row_text == f"Emitted SEPA credit transfer Per day {shown} {amount[1]} {count[0]} {count[1]}"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([ThresholdLine(SCT, "day", Decimal(1)), ThresholdLine(SCT, "day", Decimal(2))], "there twice"),
        ([ThresholdLine(SCT, "day")], "maximum amount, a maximum count, or both"),
        ([ThresholdLine(SCT, "transaction", Decimal(100), 3)], "A count per transaction means nothing"),
    ],
)
def test_bad_lines_save_nothing(lines, message):
    with pytest.raises(DomainError, match=message), transaction.atomic():
        save_pack(actor=ROBOT, pack=None, name="Broken", verification_level=3, currency="EUR", lines=lines)
    assert not LimitPack.objects.exists() and not Threshold.objects.exists()


def test_one_pack_per_verification_level():
    level_2_pack()
    with pytest.raises(DomainError, match="one pack per level"), transaction.atomic():
        save_pack(actor=ROBOT, pack=None, name="Another", verification_level=2, currency="EUR", lines=[])


def test_custom_thresholds_need_a_reason():
    with pytest.raises(DomainError, match="reason is required"):
        save_custom_thresholds(actor=ROBOT, customer=make_person(), lines=[], reason=" ")


def test_the_tab_shows_limits_and_fees_to_everyone_and_edit_links_to_administrators(
    signed_in, support_agent, administrator
):
    level_2_pack()
    price_list = PriceList.objects.create(name="Premium", currency="EUR")
    save_fees(actor=ROBOT, price_list=price_list, lines=[FeeLine(SCT, Decimal("0.50"), Decimal("0.2"))])
    person = identified(make_person())
    Customer.objects.filter(pk=person.pk).update(price_list=price_list)
    url = reverse("customer-tab", args=[person.pk, "limits"])
    support = page_text(signed_in(support_agent).get(url))
    assert "Level 2 standard" in support and "5,000.00 EUR" in support and "0.50 EUR" in support and "0.2 %" in support
    assert "Custom thresholds" not in support and "Edit the fees" not in support
    admin = page_text(signed_in(administrator).get(url))
    assert "Custom thresholds" in admin and "Edit the fees" in admin


def approve(checker, approval):
    """``checker`` approves ``approval`` through its page; the page they land on."""
    response = signed_in_client(checker).post(
        reverse("approval-approve", args=[approval.pk]), {"text": "Checked."}, follow=True
    )
    return page_text(response)


def signed_in_client(user):
    return sign_in(Client(), user)


def test_administrators_ask_for_a_pack_and_a_second_one_approves_it(
    signed_in, make_staff, administrator, compliance_officer
):
    assert signed_in(compliance_officer).get(reverse("compliance-limit-packs")).status_code == 403
    client = signed_in(administrator)
    data = {
        "name": "Level 0",
        "verification_level": "0",
        "currency": "EUR",
        "reason": "Level 0 customers had no ceiling.",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": SCT,
        "form-0-period": "day",
        "form-0-max_amount": "100",
        "form-1-operation": "",
    }
    page = page_text(client.get(reverse("compliance-limit-pack-create")))
    assert "this change needs a second person" in page and "Ask for approval" in page
    response = client.post(reverse("compliance-limit-pack-create"), {**data, "form-0-max_amount": ""})
    assert response.status_code == 200 and "Set a maximum amount, a maximum count, or both." in page_text(response)
    response = client.post(reverse("compliance-limit-pack-create"), {**data, "reason": " "})
    assert "Say why: the reason is required." in page_text(response)
    assert not LimitPack.objects.exists() and not ApprovalRequest.objects.exists()
    response = client.post(reverse("compliance-limit-pack-create"), data, follow=True)
    assert "waits for a second person" in page_text(response)
    assert not LimitPack.objects.exists(), "nothing changes before the approval"
    approval = ApprovalRequest.objects.get()
    assert approval.target_id == "" and "Level 0" in approval.target_repr
    detail = page_text(signed_in_client(make_staff("admin2", ADMINISTRATOR)).get(approval_url(approval)))
    assert f"{OperationType(SCT).label}, per day: 100.00" in detail, detail
    assert "100.00" in detail and "Level 0 customers had no ceiling." in detail
    assert "another person must approve" in approve(administrator, approval)
    assert "Approved: the change is made." in approve(make_staff("admin3", ADMINISTRATOR), approval)
    assert LimitPack.objects.get().thresholds.get().max_amount == Decimal("100")
    entry = AuditEntry.objects.get(action="compliance.limit_pack.created")
    assert (entry.actor, entry.reason) == (administrator, "Level 0 customers had no ceiling.")
    assert "Level 0" in page_text(client.get(reverse("compliance-limit-packs")))


def approval_url(approval):
    return reverse("approval-detail", args=[approval.pk])


def test_a_pack_changed_since_its_request_is_not_approved(make_staff, administrator):
    pack = level_2_pack()
    approval = approvals.request_approval(
        command=commands.get("compliance.limit_pack.update"),
        actor=administrator,
        target=pack,
        parameters={
            "name": pack.name,
            "verification_level": 2,
            "currency": "EUR",
            "lines": as_parameters([ThresholdLine(SCT, "day", Decimal("9"))]),
            "reason": "Tighter.",
        },
    )
    save_pack(
        actor=ROBOT,
        pack=pack,
        name=pack.name,
        verification_level=2,
        currency="EUR",
        lines=[ThresholdLine(SCT, "day", Decimal("50"))],
    )
    page = approve(make_staff("admin2", ADMINISTRATOR), approval)
    assert "changed since the request was made: Thresholds." in page
    approval.refresh_from_db()
    assert approval.status == "pending"
    assert pack.thresholds.get().max_amount == Decimal("50")


def test_administrators_ask_for_fees_and_a_second_one_approves_them(signed_in, make_staff, administrator):
    price_list = PriceList.objects.create(name="Basic", currency="EUR")
    client = signed_in(administrator)
    data = {
        "reason": "The 2027 tariff.",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": "card_transaction",
        "form-0-fixed": "0.25",
        "form-0-percent": "1.5",
        "form-1-operation": "card_transaction",
        "form-1-fixed": "0.10",
    }
    url = reverse("compliance-fees", args=[price_list.pk])
    response = client.post(url, data)
    assert "one fee per price list" in page_text(response) and not ApprovalRequest.objects.exists()
    data["form-1-operation"], data["form-1-fixed"] = "", ""
    assert client.post(url, data).status_code == 302
    assert not Fee.objects.exists(), "nothing changes before the approval"
    page = page_text(client.get(url, follow=True))
    assert "already waits for approval" in page, "a second request is refused before the form"
    approval = ApprovalRequest.objects.get()
    assert "Approved" in approve(make_staff("admin2", ADMINISTRATOR), approval)
    assert Fee.objects.get().percent == Decimal("1.5")
    entry = AuditEntry.objects.get(action="compliance.fees.updated")
    assert (entry.actor, entry.reason, entry.changes["approval_request"]) == (
        administrator,
        "The 2027 tariff.",
        [None, approval.pk],
    )


def test_custom_thresholds_wait_for_a_second_administrator(signed_in, make_staff, administrator):
    level_2_pack()
    person = identified(make_person())
    url = reverse("compliance-custom-thresholds", args=[person.pk])
    data = {
        "reason": "A verified salary.",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": SCT,
        "form-0-period": "month",
        "form-0-max_count": "40",
    }
    response = signed_in(administrator).post(url, data, follow=True)
    assert "waits for a second person" in page_text(response)
    assert not Threshold.objects.filter(customer=person).exists()
    approval = ApprovalRequest.objects.get()
    assert approval.customer_id == person.pk
    assert "Approved" in approve(make_staff("admin2", ADMINISTRATOR), approval)
    assert Threshold.objects.get(customer=person).max_count == 40


def test_limits_and_fees_run_at_once_when_their_rule_says_so(administrator):
    for name in ("compliance.limit_pack.update", "compliance.fees.set"):
        CommandRule.objects.create(command=name, four_eyes=False)
    price_list = PriceList.objects.create(name="Basic", currency="EUR")
    client = signed_in_client(administrator)
    data = {
        "reason": "Now.",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": "card_transaction",
        "form-0-fixed": "1",
    }
    assert "Save" in page_text(client.get(reverse("compliance-fees", args=[price_list.pk])))
    response = client.post(reverse("compliance-fees", args=[price_list.pk]), data, follow=True)
    assert "The fees are saved." in page_text(response) and Fee.objects.get().fixed == Decimal("1")
    assert not ApprovalRequest.objects.exists()


def test_the_tab_reads_a_fixed_number_of_queries(signed_in, support_agent):
    level_2_pack()
    price_list = PriceList.objects.create(name="Premium", currency="EUR")
    plain, busy = identified(make_person()), identified(make_person())
    Customer.objects.filter(pk__in=[plain.pk, busy.pk]).update(price_list=price_list)
    save_fees(actor=ROBOT, price_list=price_list, lines=[FeeLine(SCT, Decimal("1"), Decimal("0"))])
    save_custom_thresholds(
        actor=ROBOT,
        customer=busy,
        lines=[
            ThresholdLine(op, period, Decimal("10")) for op in (SCT, "card_transaction") for period in ("day", "month")
        ],
        reason="Review.",
    )
    client = signed_in(support_agent)

    def queries(customer):
        return count_queries(client, reverse("customer-tab", args=[customer.pk, "limits"]))

    queries(plain)  # both on the board: each page then reads the other one for the strip
    assert queries(busy) == queries(plain)


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_count", "99999999999"), ("max_amount", "1e16"), ("max_amount", "10000000000000")],
)
def test_huge_numbers_are_refused_next_to_the_field(signed_in, administrator, field, value):
    """Review 18c: a count past the column's range gave a 500; an amount of 1e16 broke the pages
    on SQLite."""
    person = identified(make_person())
    data = {
        "reason": "Big.",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": SCT,
        "form-0-period": "month",
        f"form-0-{field}": value,
    }
    response = signed_in(administrator).post(reverse("compliance-custom-thresholds", args=[person.pk]), data)
    assert response.status_code == 200 and "Ensure this value is less than or equal to" in page_text(response)
    assert not ApprovalRequest.objects.exists()


def test_the_service_refuses_huge_numbers_too():
    with pytest.raises(DomainError, match="A maximum amount is from 0 to"), transaction.atomic():
        save_custom_thresholds(
            actor=ROBOT,
            customer=make_person(),
            lines=[{"operation": SCT, "period": "day", "max_count": 10**12}],
            reason="x",
        )
    with pytest.raises(DomainError, match="A fee is a fixed amount"), transaction.atomic():
        save_fees(actor=ROBOT, price_list=PriceList.objects.create(name="P"), lines=[FeeLine(SCT, Decimal("1e16"))])
