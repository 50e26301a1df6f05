"""Limits and fees: a pack per verification level, custom thresholds that win over it (with a
reason), the price lists' fees; the "Limits & fees" tab shows the effective limits and where each
comes from; administrators edit, the others read."""

import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from backoffice.errors import DomainError
from backoffice.models import AuditEntry
from compliance.models import Fee, LimitPack, Threshold
from compliance.selectors import effective_limits
from compliance.services.limits import FeeLine, ThresholdLine, save_custom_thresholds, save_fees, save_pack
from customers.models import Customer, PriceList
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


def test_administrators_edit_a_pack_through_its_page(signed_in, administrator, compliance_officer):
    assert signed_in(compliance_officer).get(reverse("compliance-limit-packs")).status_code == 403
    client = signed_in(administrator)
    data = {
        "name": "Level 0",
        "verification_level": "0",
        "currency": "EUR",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": SCT,
        "form-0-period": "day",
        "form-0-max_amount": "100",
        "form-1-operation": "",
    }
    response = client.post(reverse("compliance-limit-pack-create"), {**data, "form-0-max_amount": ""})
    assert response.status_code == 200 and "Set a maximum amount, a maximum count, or both." in page_text(response)
    assert not LimitPack.objects.exists()
    assert client.post(reverse("compliance-limit-pack-create"), data).status_code == 302
    assert LimitPack.objects.get().thresholds.get().max_amount == Decimal("100")
    assert "Level 0" in page_text(client.get(reverse("compliance-limit-packs")))


def test_administrators_edit_the_fees(signed_in, administrator):
    price_list = PriceList.objects.create(name="Basic", currency="EUR")
    client = signed_in(administrator)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-operation": "card_transaction",
        "form-0-fixed": "0.25",
        "form-0-percent": "1.5",
        "form-1-operation": "card_transaction",
        "form-1-fixed": "0.10",
    }
    response = client.post(reverse("compliance-fees", args=[price_list.pk]), data)
    assert "one fee per price list" in page_text(response) and not Fee.objects.exists()
    data["form-1-operation"], data["form-1-fixed"] = "", ""
    assert client.post(reverse("compliance-fees", args=[price_list.pk]), data).status_code == 302
    assert Fee.objects.get().percent == Decimal("1.5")
    assert AuditEntry.objects.filter(action="compliance.fees.updated").count() == 1


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
